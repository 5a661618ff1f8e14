"""Doorstep visits: what happened at the door."""
