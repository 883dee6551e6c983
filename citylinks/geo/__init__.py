"""Places: the offline gazetteer (GeoNames), geocoding data files, distances. Problems are
said through citylinks.i18n."""

import citylinks.i18n  # noqa: F401  (the English of problems: see citylinks/errors.py)
