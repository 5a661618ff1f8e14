"""Play packages and their stock per partner organisation."""
