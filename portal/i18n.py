"""Language choice: Thai by default, English one click away."""

from __future__ import annotations

from flask import Flask, has_request_context, request, session

from portal.extensions import babel

LANGUAGES = ("th", "en")


def select_locale() -> str:
    # Outside a request (worker, commands) there is no visitor: Thai, the office's language.
    chosen = session.get("lang") if has_request_context() else None
    if chosen in LANGUAGES:
        return chosen
    return "th"  # Thai first, whatever the browser prefers: this is a Thai public service


def init_app(app: Flask) -> None:
    babel.init_app(
        app,
        locale_selector=select_locale,
        default_translation_directories=str(app.root_path + "/translations"),
    )

    @app.context_processor
    def inject_locale():
        from flask_babel import get_locale

        locale = str(get_locale() or "th")
        return {"current_locale": locale, "other_locale": "en" if locale == "th" else "th",
                "request_path": request.full_path.rstrip("?") if has_request_context() else "/"}
