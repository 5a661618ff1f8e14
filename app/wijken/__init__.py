"""Ghent's 25 wijken: reference data loaded from app/data/ghent/."""
