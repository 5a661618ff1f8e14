"""Households: the addresses the partners visit, with the least data that serves the family."""
