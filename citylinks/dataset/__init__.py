"""Data files: reading them (one CSV reader, one parser of values), their rules (vectorised
schemas), loading a data folder into pandas, and filling its missing coordinates."""
