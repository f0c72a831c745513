"""Chat intake: complaints and follow-ups through the office's LINE OA and Messenger Page.

The webhooks (``views``) verify and store each event and answer at once; the outbox worker
processes stored events (``inbound``) and sends what the conversation or staff answered
(``outgoing``), both registered here as worker processors.
"""

from flask import Blueprint, Flask

bp = Blueprint("chat", __name__)

from portal.chat import views  # noqa: E402, F401


def init_app(app: Flask) -> None:
    """Webhooks, the worker's two chat processors, the case-event hook and the commands."""
    from portal.cases.notify import add_event_listener
    from portal.chat.cli import chat_commands
    from portal.chat.followups import on_case_event
    from portal.chat.inbound import process_inbound
    from portal.chat.outgoing import send_outgoing
    from portal.delivery.worker import register_processor
    from portal.extensions import csrf, limiter

    csrf.exempt(bp)  # signed by LINE or Meta, not by a form of ours
    limiter.exempt(bp)  # refused by signature; per-user limits apply when processed
    app.register_blueprint(bp)
    register_processor(process_inbound)
    register_processor(send_outgoing)
    add_event_listener(on_case_event)
    chat_commands(app)
    from portal.chat.case_view import chat_names_for, chat_setup, chat_view

    app.jinja_env.globals["chat_view"] = chat_view  # the case and tracking pages' chat notes
    app.jinja_env.globals["chat_setup"] = chat_setup  # the admin channel page's chat section
    app.jinja_env.globals["chat_names_for"] = chat_names_for  # the inbox rows' display names
