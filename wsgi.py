"""WSGI entry point: `gunicorn wsgi:app` and `flask --app wsgi ...`."""

from app import create_app
from app.config import ConfigurationError

try:
    app = create_app()
except ConfigurationError as error:  # a missing setting: say which, without a traceback
    raise SystemExit(f"Stoepbezoek cannot start: {error}") from None
