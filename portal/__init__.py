"""Sujarit: a complaints, feedback and integrity portal for Thai education offices."""

from __future__ import annotations

from typing import Any

from flask import Flask

from portal.config import load_settings


def create_app(overrides: dict[str, Any] | None = None) -> Flask:
    """Build the application. No tables are created and nothing is called over the network."""
    app = Flask(__name__, template_folder="../templates", static_folder="../static")
    app.config.from_mapping(load_settings(overrides))

    from portal import (
        access_log,
        assets,
        compression,
        database,
        errors,
        filters,
        i18n,
        intake_settings,
        labels,
        storage,
        tenancy,
    )
    from portal.extensions import csrf, db, limiter, mail, migrate
    from portal.security import crypto, headers, hosts, inputs, proxy

    inputs.init_app(app)  # first: its converter and checks apply to everything after it
    db.init_app(app)
    database.init_app(app)
    migrate.init_app(app, db, directory=str(app.root_path + "/../migrations"))
    csrf.init_app(app)
    mail.init_app(app)
    limiter.init_app(app)
    crypto.init_app(app)
    storage.init_app(app)
    from portal.cases import activity
    from portal.delivery import outbox
    from portal.staff import option_cache

    activity.init_app(app)  # cases' last activity, kept as timeline entries are added
    outbox.init_app(app)  # outbox rows render their deferred e-mails
    option_cache.init_app(app)  # cached option lists follow the office's lists
    i18n.init_app(app)
    filters.init_app(app)
    labels.init_app(app)
    tenancy.init_app(app)
    intake_settings.install(app)
    headers.init_app(app)
    assets.init_app(app)
    compression.init_app(app)
    errors.init_app(app)
    access_log.init_app(app)
    hosts.init_app(app)  # WSGI middleware: a foreign Host never reaches Flask
    proxy.init_app(app)  # outermost: the client's address is known before anything else

    from portal.reports import render as report_render

    report_render.init_app(app)

    from portal import auth, cli
    from portal.admin import bp as admin_bp
    from portal.auth import bp as auth_bp
    from portal.national.views import bp as national_bp
    from portal.network import hooks as network_hooks
    from portal.network import models as _network_models  # noqa: F401 (its tables)
    from portal.network.school_views import bp as network_school_bp
    from portal.network.staff_views import bp as network_bp
    from portal.newsroom import bp as newsroom_bp
    from portal.public import bp as public_bp
    from portal.referral import models as _referral_models  # noqa: F401 (its tables)
    from portal.staff import bp as staff_bp
    from portal.tracking import bp as tracking_bp

    auth.init_app(app)
    network_hooks.init_app(app)  # the schools' news and LINE join code: approval and chat hooks
    for blueprint in (public_bp, tracking_bp, auth_bp, staff_bp, newsroom_bp, admin_bp,
                      national_bp, network_bp, network_school_bp):
        app.register_blueprint(blueprint)
    cli.init_app(app)
    from portal import chat

    chat.init_app(app)  # LINE and Messenger webhooks, their worker processors and commands
    return app
