"""Sujarit: a complaints, feedback and integrity portal for Thai education offices."""

from __future__ import annotations

from typing import Any

from flask import Flask

from portal.config import load_settings


def create_app(overrides: dict[str, Any] | None = None) -> Flask:
    """Build the application. No tables are created and nothing is called over the network."""
    app = Flask(__name__, template_folder="../templates", static_folder="../static")
    app.config.from_mapping(load_settings(overrides))

    from portal import database, errors, filters, i18n, labels, storage
    from portal.extensions import csrf, db, limiter, mail, migrate
    from portal.security import crypto, headers

    db.init_app(app)
    database.init_app(app)
    migrate.init_app(app, db, directory=str(app.root_path + "/../migrations"))
    csrf.init_app(app)
    mail.init_app(app)
    limiter.init_app(app)
    crypto.init_app(app)
    storage.init_app(app)
    i18n.init_app(app)
    filters.init_app(app)
    labels.init_app(app)
    headers.init_app(app)
    errors.init_app(app)

    from portal.reports import render as report_render

    report_render.init_app(app)

    from portal import auth, cli
    from portal.admin import bp as admin_bp
    from portal.auth import bp as auth_bp
    from portal.public import bp as public_bp
    from portal.staff import bp as staff_bp
    from portal.tracking import bp as tracking_bp

    auth.init_app(app)
    for blueprint in (public_bp, tracking_bp, auth_bp, staff_bp, admin_bp):
        app.register_blueprint(blueprint)
    cli.init_app(app)
    return app
