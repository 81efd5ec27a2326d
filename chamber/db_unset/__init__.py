"""A database backend that stands in when DATABASE_URL is unset and explains, on first use, how to set it."""
