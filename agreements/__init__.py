"""Partnership agreements with many parties, their contributions, financed projects and clause follow-up."""
