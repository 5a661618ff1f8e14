"""Rounds of doorstep visits: planning, households, routes, workers and walk sheets."""
