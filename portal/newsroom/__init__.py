"""Staff pages for publishing: the queue, drafting, approval, withdrawal, deliveries and share
kits. Case staff, the PR role and approvers use them; everyone else is refused before any view.
"""

from flask import Blueprint, abort, current_app
from flask_login import current_user, login_required

from portal.models import Role
from portal.newsroom.labels import ITEM_STATES, KIND_LABELS, VERSION_STATES
from portal.publishing.rules import PUBLISHING_ROLES
from portal.security.access import CASE_ROLES
from portal.security.headers import no_store

bp = Blueprint("newsroom", __name__, url_prefix="/staff/publishing")
bp.after_request(no_store)


@bp.before_request
@login_required
def require_publishing_role():
    # Default deny, as on every staff blueprint.
    if not current_user.role_set & PUBLISHING_ROLES:
        abort(403)


@bp.context_processor
def newsroom_context():
    from portal.staff import staff_context  # the staff layout's menu needs the same values

    return {**staff_context(), "ROLE": Role, "url_endpoints": set(current_app.view_functions),
            "CASE_ROLE_SET": CASE_ROLES, "item_states": ITEM_STATES,
            "version_states": VERSION_STATES, "kind_labels": KIND_LABELS}


from portal.newsroom import actions, delivery_views, views  # noqa: E402, F401
