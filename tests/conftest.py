"""Shared fixtures: one app per test session on a fresh database, emptied after every test."""

import os

import pytest
from flask import g, has_app_context
from flask.testing import FlaskClient
from flask_migrate import upgrade
from hypothesis import HealthCheck, settings

from app import create_app
from app.extensions import db as _db
from tests import factories
from tests.dbutil import fresh_database

# around_midnight / ghent_midnight: date-bound tests on Ghent's clock just after midnight.
pytest_plugins = ["tests.ghent_clock"]


def pytest_configure(config):
    """Compile stale catalogues (.mo files are not in git): the language tests read them."""
    from tests.public_messages import compile_stale_catalogues

    compile_stale_catalogues()


# Hypothesis: the same examples on every run ("ci", the default) so that a red build can be
# replayed; HYPOTHESIS_PROFILE=explore draws new ones. Requests share the test's database
# fixture across examples, hence the suppressed health check.
_FUZZ = {
    "deadline": None,
    "suppress_health_check": [HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    "database": None,
}
settings.register_profile("ci", derandomize=True, **_FUZZ)
settings.register_profile("explore", **_FUZZ)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

# Reference data loaded once per session and kept between tests.
KEEP_TABLES = {"wijk", "alembic_version"}


def make_test_config(database_url: str, **extra) -> dict:
    return {
        "TESTING": True,
        "SQLALCHEMY_DATABASE_URI": database_url,
        "SECRET_KEY": "test-secret",
        "WTF_CSRF_ENABLED": False,
        "RATELIMIT_ENABLED": False,
        "PUBLIC_BASE_URL": "https://stoep.example",
        "SERVER_NAME": None,
        # Nothing that caches is switched off here: the suite takes the paths production takes
        # (tests/test_http_cache.py checks that no other setting differs).
        # Except the internet: the address register is off unless a test serves one
        # (tests/test_address_register.py); lookups use the embedded CRAB data.
        "ADDRESS_REGISTER_URL": "",
        **extra,
    }


class RequestClient(FlaskClient):
    """A test client whose requests don't see the signed-in user of the previous request.

    The tests keep an app context open, which Flask reuses for each request; without this,
    what extensions cache in `g` per request (Flask-Login's user, Flask-Babel's locale) would
    survive from one request to the next.
    """

    def open(self, *args, **kwargs):
        if has_app_context():
            for name in list(g):
                g.pop(name)
        return super().open(*args, **kwargs)


@pytest.fixture(scope="session")
def database_url(tmp_path_factory):
    with fresh_database(tmp_path_factory.mktemp("db")) as url:
        yield url


@pytest.fixture(scope="session")
def _app(database_url):
    app = create_app(make_test_config(database_url))
    app.test_client_class = RequestClient
    with app.app_context():
        upgrade()  # the real migrations, not create_all: the suite runs on the schema we ship
        from app.wijken.services import load_wijken

        load_wijken()
        _db.session.commit()
    yield app
    with app.app_context():
        _db.engine.dispose()


@pytest.fixture
def app(_app):
    with _app.app_context():
        yield _app
        _db.session.rollback()
        _db.session.remove()
        with _db.engine.begin() as conn:
            for table in reversed(_db.metadata.sorted_tables):
                if table.name not in KEEP_TABLES:
                    conn.execute(table.delete())


@pytest.fixture
def db(app):
    return _db


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def login_as(client, db):
    """login_as(role) or login_as(user): signs the test client in; returns the user."""

    def _login(role_or_user, **kw):
        user = (
            role_or_user
            if not isinstance(role_or_user, str)
            else factories.user(role_or_user, **kw)
        )
        db.session.commit()
        with client.session_transaction() as session:
            session["_user_id"] = factories.login_id(user)
            session["_fresh"] = True
        return user

    return _login
