"""Ghent's addresses: reading them as people write them, and placing them in their wijk."""
