"""CoderMatch: a job board and talent-matching portal for certified medical coders."""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Any

from flask import Flask

from portal import config as config_module


def create_app(config: dict[str, Any] | None = None) -> Flask:
    """Build the app in named steps; `config` overrides settings (tests use it)."""
    app = Flask(__name__, instance_relative_config=True)
    configure(app, config or {})
    trust_proxies(app)
    configure_logging(app)
    register_extensions(app)
    register_blueprints(app)
    register_error_handlers(app)
    register_template_helpers(app)
    register_commands(app)
    return app


def configure(app: Flask, overrides: dict[str, Any]) -> None:
    instance_path = (
        overrides.get("INSTANCE_PATH") or os.environ.get("INSTANCE_PATH") or app.instance_path
    )
    app.instance_path = instance_path
    Path(instance_path).mkdir(parents=True, exist_ok=True)
    app.config.update(config_module.load(instance_path))
    app.config.update(overrides)
    if "SQLALCHEMY_ENGINE_OPTIONS" not in overrides:
        app.config["SQLALCHEMY_ENGINE_OPTIONS"] = config_module.database_engine_options(app.config)
    config_module.check_production(app.config)


def trust_proxies(app: Flask) -> None:
    """Behind nginx the client's address and scheme arrive in X-Forwarded-For/-Proto. Only the
    configured number of proxies is believed, so the rate limiter keys on the real client and
    a client cannot forge its address by sending the header itself."""
    proxies = app.config.get("TRUSTED_PROXIES") or 0
    if proxies > 0:
        from werkzeug.middleware.proxy_fix import ProxyFix

        # Flask's documented way to add WSGI middleware; its types declare wsgi_app a method.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies)  # type: ignore[method-assign]


def configure_logging(app: Flask) -> None:
    if not app.debug and not app.testing and not logging.getLogger().handlers:
        logging.basicConfig(
            level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
        )
        # Alembic names each of its plugins at INFO whenever a command loads it: noise.
        logging.getLogger("alembic.runtime.plugins").setLevel(logging.WARNING)


def register_extensions(app: Flask) -> None:
    from flask_babel import gettext

    from portal import matching, search, security
    from portal.extensions import babel, csrf, db, limiter, login_manager, migrate
    from portal.i18n import select_locale, select_timezone, use_page_translations
    from portal.web import auth_session

    db.init_app(app)
    migrate.init_app(app, db, directory=str(Path(app.root_path).parent / "migrations"))
    csrf.init_app(app)
    limiter.init_app(app)
    babel.init_app(app, locale_selector=select_locale, timezone_selector=select_timezone)
    use_page_translations(app)
    auth_session.init_app(app, login_manager)
    security.init_app(app)
    matching.use_translator(gettext)  # match explanations: translated when a page shows them
    search.init_app()  # outbox notes for rows copied into search documents
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        from portal.db_sqlite import tune_sqlite

        with app.app_context():
            tune_sqlite(db.engine)


def register_blueprints(app: Flask) -> None:
    from portal.blueprints import BLUEPRINTS

    for blueprint in BLUEPRINTS:
        app.register_blueprint(blueprint)


def register_error_handlers(app: Flask) -> None:
    from portal.web.errors import init_app

    init_app(app)


def register_template_helpers(app: Flask) -> None:
    from portal.web import templating

    templating.init_app(app)


def register_commands(app: Flask) -> None:
    from portal.cli import init_app

    init_app(app)
