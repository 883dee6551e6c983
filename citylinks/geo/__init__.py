"""Places: the offline gazetteer (GeoNames), countries, how names are compared, distances."""
