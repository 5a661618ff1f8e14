"""Rounds of doorstep visits: planning, households, routes, workers and walk sheets."""

from flask import Blueprint

bp = Blueprint("rounds", __name__)

from app.rounds import views  # noqa: E402,F401
