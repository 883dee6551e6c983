"""Data files: reading them (one CSV reader, one parser of values), their rules (pandera
schemas) and loading a data folder into pandas. Problems are said through citylinks.i18n."""

import citylinks.i18n  # noqa: F401  (the English of problems: see citylinks/errors.py)
