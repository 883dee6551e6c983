"""Data files: reading them (one CSV reader), their rules (pandera schemas)
and loading a data folder into pandas."""
