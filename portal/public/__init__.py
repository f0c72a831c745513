"""Pages for citizens, parents, teachers and schools: no sign-in."""

from flask import Blueprint

bp = Blueprint("public", __name__)

from portal.public import fonts, ita_views, report_views, views  # noqa: E402, F401
