"""Retention: households past the retention period are anonymised (`flask purge`)."""
