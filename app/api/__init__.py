"""The JSON API under /api/v1 (contract §6): one blueprint, one module of endpoints per feature."""
