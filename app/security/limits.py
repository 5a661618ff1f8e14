"""Rate limits (Flask-Limiter strings) and the keys they count by.

Storage is Redis when REDIS_URL is set (app.config.rate_limit_storage), so every gunicorn worker
counts against the same limit; without it memory://, and gunicorn.conf.py then serves one process.
"""

import hashlib
import hmac

from flask import current_app, request
from flask_limiter.util import get_remote_address

from app.auth.models import normalise_email

# Sign-in: per client address, and per account (whoever tries it, from however many addresses).
SIGN_IN_PER_IP = "20 per minute;200 per hour"
SIGN_IN_PER_ACCOUNT = "10 per minute;50 per hour"
# The JSON API: generous, because a worker's phone syncs a queue of visits in bursts.
API_LIMIT = "300 per minute"
# The public form where providers submit activities through a call link (no account), per
# client address; and the secret link that edits such a submission (more: corrections come in
# several tries).
CALL_SUBMISSION_LIMIT = "10 per hour"
CALL_EDIT_LIMIT = "30 per hour"


def email_digest(email: str) -> str:
    """A keyed hash of the normalised e-mail: shared storage never holds an address in clear."""
    key = current_app.config["SECRET_KEY"].encode()
    return hmac.new(key, normalise_email(email).encode(), hashlib.sha256).hexdigest()[:32]


def account_key() -> str:
    """Key for per-account limits: the e-mail typed into the sign-in form, hashed."""
    return "account:" + email_digest(request.form.get("email", ""))


def user_or_ip_key() -> str:
    """Signed-in staff count per account (a team behind one NAT shares an address)."""
    from flask_login import current_user

    if current_user and current_user.is_authenticated:
        return f"user:{current_user.id}"
    return "ip:" + (get_remote_address() or "")
