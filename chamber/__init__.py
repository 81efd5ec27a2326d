"""The project package: settings, URLs, and what every app shares (profile, geography, formats, PDFs, roles)."""
