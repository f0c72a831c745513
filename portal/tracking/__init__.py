"""Following a case with its number and receipt: no account, no receipt in any URL."""

from flask import Blueprint

bp = Blueprint("tracking", __name__, url_prefix="/track")

from portal.privacy import public_views as _privacy_views  # noqa: E402, F401
from portal.tracking import feedback_views, views  # noqa: E402, F401
