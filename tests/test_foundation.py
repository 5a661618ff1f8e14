"""The factory, configuration, database settings, migrations, languages, errors and the CLI."""

import re
import sqlite3
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect

from app import create_app
from app.auth.models import User
from app.extensions import db as _db
from app.models import Organisation, Wijk
from tests.conftest import make_test_config
from tests.dbutil import fresh_database


def test_secret_key_is_generated_once_into_instance(tmp_path, monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    from app.config import finish

    first, second = (
        {"PUBLIC_BASE_URL": "https://stoep.gent"},
        {"PUBLIC_BASE_URL": "https://stoep.gent"},
    )
    finish(first, str(tmp_path))
    finish(second, str(tmp_path))
    assert len(first["SECRET_KEY"]) >= 32
    assert first["SECRET_KEY"] == second["SECRET_KEY"]
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0


def test_environment_overrides_defaults(monkeypatch, tmp_path):
    from app.config import apply_environment, finish

    config = {}
    apply_environment(
        config,
        {
            "DATABASE_URL": "postgresql://u@h/db",
            "PUBLIC_BASE_URL": "https://stoep.gent/",
            "SECRET_KEY": "k",
            "REDIS_URL": "redis://127.0.0.1:6379/0",
        },
    )
    finish(config, str(tmp_path))
    assert config["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://u@h/db"
    assert config["PUBLIC_BASE_URL"] == "https://stoep.gent"
    assert config["SESSION_COOKIE_SECURE"] is True
    assert config["SECRET_KEY"] == "k"


def test_sqlite_runs_with_wal_foreign_keys_and_busy_timeout(tmp_path):
    app = create_app(make_test_config(f"sqlite:///{tmp_path}/x.sqlite"))
    with app.app_context():
        with _db.engine.connect() as conn:
            raw = conn.connection.dbapi_connection
            assert raw.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
            assert raw.execute("PRAGMA foreign_keys").fetchone()[0] == 1
            assert raw.execute("PRAGMA busy_timeout").fetchone()[0] >= 5000
        _db.engine.dispose()


def test_migrations_match_models_and_downgrade_to_base(tmp_path):
    with fresh_database(tmp_path) as url:
        app = create_app(make_test_config(url))
        with app.app_context():
            upgrade()
            with _db.engine.connect() as conn:
                diff = compare_metadata(
                    MigrationContext.configure(conn, opts={"compare_type": True}), _db.metadata
                )
            assert diff == []
            downgrade(revision="base")
            tables = set(inspect(_db.engine).get_table_names()) - {"alembic_version"}
            assert tables == set()
            _db.engine.dispose()


def test_migration_files_are_numbered_in_the_order_they_run():
    """Listing migrations/versions shows the chain in order. The revision ids inside keep the
    names they were born with (databases record them), so only the file names say the order."""
    versions = Path(__file__).resolve().parent.parent / "migrations" / "versions"
    previous = None
    for path in sorted(versions.glob("*.py")):
        text = path.read_text()
        revision = re.search(r"^revision = ['\"](.+?)['\"]", text, re.M).group(1)
        down = re.search(r"^down_revision = (?:['\"](.+?)['\"]|None)", text, re.M).group(1)
        assert down == previous, f"{path.name} follows {down}, but the file before it is {previous}"
        previous = revision


def test_foreign_keys_are_enforced(db):
    user = User(
        email="x@example.gent", name="X", password_hash="x", role="worker", organisation_id=987654
    )
    db.session.add(user)
    with pytest.raises(Exception):  # noqa: B017  (IntegrityError on both databases)
        db.session.flush()
    db.session.rollback()


def test_25_wijken_with_boundaries_are_loaded(db):
    wijken = db.session.scalars(db.select(Wijk).order_by(Wijk.number)).all()
    assert [w.number for w in wijken] == list(range(1, 26))
    assert wijken[3].name == "Brugse Poort - Rooigem"
    assert wijken[0].boundary["type"] in {"Polygon", "MultiPolygon"}


def test_user_create_cli(runner, db):
    result = runner.invoke(
        args=[
            "user",
            "create",
            "New@Example.gent",
            "--role",
            "coordinator",
            "--organisation",
            "Huis van het Kind Gent",
            "--name",
            "Nina",
            "--password-stdin",
        ],
        input="a very long password\n",
    )
    assert result.exit_code == 0, result.output
    user = db.session.scalar(db.select(User).where(User.email == "new@example.gent"))
    assert user.role == "coordinator" and user.check_password("a very long password")
    assert user.organisation.name == "Huis van het Kind Gent"
    short = runner.invoke(
        args=[
            "user",
            "create",
            "b@example.gent",
            "--role",
            "worker",
            "--organisation",
            "X",
            "--password-stdin",
        ],
        input="short\n",
    )
    assert short.exit_code != 0 and "12 characters" in short.output


def test_demo_data_is_idempotent(runner, db):
    first = runner.invoke(args=["demo-data"])
    assert first.exit_code == 0, first.output
    counts = (db.session.query(User).count(), db.session.query(Organisation).count())
    second = runner.invoke(args=["demo-data"])
    assert second.exit_code == 0
    assert (db.session.query(User).count(), db.session.query(Organisation).count()) == counts
    emails = set(db.session.scalars(db.select(User.email)))
    assert {
        "admin@demo.gent",
        "coordinator@demo.gent",
        "worker@demo.gent",
        "worker2@demo.gent",
        "provider@demo.gent",
    } <= emails
    w1 = db.session.scalar(db.select(User).where(User.email == "worker@demo.gent"))
    w2 = db.session.scalar(db.select(User).where(User.email == "worker2@demo.gent"))
    assert w1.organisation_id != w2.organisation_id
    assert w1.check_password("stoepbezoek-demo")


def test_language_from_query_is_kept_in_cookie_then_browser(client):
    english = client.get("/login?lang=en")
    assert '<html lang="en"' in english.get_data(as_text=True)
    assert "lang=en" in english.headers.get("Set-Cookie", "")
    assert '<html lang="en"' in client.get("/login").get_data(as_text=True)
    other = client.application.test_client()
    page = other.get("/login", headers={"Accept-Language": "en-GB,en;q=0.9"})
    assert "Sign in" in page.get_data(as_text=True)
    assert '<html lang="nl"' in other.get("/login", headers={"Accept-Language": "de"}).get_data(
        as_text=True
    )


def test_user_preference_wins(client, login_as):
    login_as("coordinator", preferred_language="en")
    assert '<html lang="en"' in client.get("/coordinatie?lang=nl").get_data(as_text=True)


def test_unknown_page_is_friendly_404(client):
    page = client.get("/bestaat-niet")
    assert page.status_code == 404
    assert "Niet gevonden" in page.get_data(as_text=True)
    api = client.get("/api/v1/bestaat-niet")
    assert api.status_code == 404 and api.get_json()["error"]["code"] == "not_found"


def test_unexpected_error_shows_no_stack_trace(tmp_path):
    app = create_app(make_test_config(f"sqlite:///{tmp_path}/e.sqlite", TESTING=False))

    @app.get("/__boom")
    def boom():
        raise RuntimeError("secret internals")

    with app.app_context():
        page = app.test_client().get("/__boom")
        assert page.status_code == 500
        html = page.get_data(as_text=True)
        assert "Er ging iets mis" in html
        assert "secret internals" not in html and "Traceback" not in html
        _db.engine.dispose()


def test_csrf_is_required_on_forms(tmp_path):
    app = create_app(make_test_config(f"sqlite:///{tmp_path}/c.sqlite", WTF_CSRF_ENABLED=True))
    with app.app_context():
        response = app.test_client().post("/login", data={"email": "a@b.c", "password": "x"})
        assert response.status_code == 400
        assert "verlopen" in response.get_data(as_text=True)
        _db.engine.dispose()


def test_security_headers(client):
    response = client.get("/login")
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"


def test_sqlite_file_is_used_by_default(tmp_path, monkeypatch):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    from app.config import finish

    config = {
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
        "SECRET_KEY": "k",
        "PUBLIC_BASE_URL": "https://stoep.gent",
    }
    finish(config, str(tmp_path))
    assert config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{tmp_path}/stoepbezoek.sqlite"
    sqlite3.connect(":memory:").close()
