"""Places: the offline gazetteer (GeoNames), geocoding data files, distances."""
