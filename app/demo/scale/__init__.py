"""Synthetic city-scale data for benchmarks (`flask --app wsgi seed-scale`, contract §1)."""
