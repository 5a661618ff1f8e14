"""Stoepbezoek: doorstep outreach to families in Ghent and the summer offer for their children."""

import os
from importlib import import_module

from flask import Flask

from app import config as app_config
from app.extensions import babel, csrf, db, limiter, login_manager, mail, migrate

BLUEPRINTS = (
    "app.auth.blueprint",
    "app.home.blueprint",
    "app.admin.blueprint",
    "app.wijken.blueprint",
    "app.rounds.blueprint",
    "app.field.blueprint",
    "app.api.blueprint",
    "app.audit.blueprint",
    "app.retention.blueprint",
    "app.households.blueprint",
    "app.stock.blueprint",
    "app.followups.blueprint",
    "app.flyers.blueprint",
    "app.flyers.public_blueprint",
    "app.offers.blueprint",
    "app.public.blueprint",
    "app.reports.blueprint",
    # Offline field client: manifest, service worker, offline page.
    "app.offline.blueprint",
    # Visits to check: unplaced visits, times corrected for a phone's clock.
    "app.visits.blueprint",
    # The families' data rights: what is kept about them, exported or erased on request.
    "app.privacy.blueprint",
)


def create_app(test_config: dict | None = None) -> Flask:
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    app = Flask(
        __name__,
        instance_relative_config=True,
        template_folder=os.path.join(root, "templates"),
        instance_path=os.path.join(root, "instance"),
    )
    app.config.from_object(app_config.DefaultConfig)
    app.config.from_pyfile("config.py", silent=True)
    app_config.apply_environment(app.config)
    if test_config:
        app.config.update(test_config)
    app_config.finish(app.config, app.instance_path)

    register_extensions(app)
    # The order counts: response hooks run in the reverse order of registration.
    init_parts(app, ("app.security", "app.delivery"))
    register_blueprints(app)
    init_parts(app, ("app.errors", "app.i18n", "app.templating", "app.cli"))
    return app


def register_extensions(app: Flask) -> None:
    from app.database import configure_engine
    from app.i18n import select_locale

    db.init_app(app)
    with app.app_context():
        configure_engine(db.engine)
    migrate.init_app(
        app,
        db,
        directory=os.path.join(os.path.dirname(app.root_path), "migrations"),
        render_as_batch=True,
        compare_type=True,
    )
    csrf.init_app(app)
    babel.init_app(
        app,
        locale_selector=select_locale,
        default_translation_directories=os.path.join(app.root_path, "translations"),
    )
    app.config["RATELIMIT_STORAGE_URI"] = app_config.rate_limit_storage(app.config)
    if app.config["RATELIMIT_STORAGE_URI"].startswith("redis"):
        options = app.config.setdefault("RATELIMIT_STORAGE_OPTIONS", {})
        options.setdefault("key_prefix", f"{app.config['REDIS_KEY_PREFIX']}/limits")
    limiter.init_app(app)
    login_manager.init_app(app)
    mail.init_app(app)
    from app.auth import session  # noqa: F401  (user loader and unauthorized handler)


def init_parts(app: Flask, names: tuple[str, ...]) -> None:
    """Each of these modules sets up its part of the app in `init_app(app)`. Imported here, when
    the app is made, since they use the extensions and models that the factory set up first."""
    for name in names:
        import_module(name).init_app(app)


def register_blueprints(app: Flask) -> None:
    for name in BLUEPRINTS:
        app.register_blueprint(import_module(name).bp)
