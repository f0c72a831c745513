"""Pages for citizens, parents, teachers and schools: no sign-in."""

from flask import Blueprint

bp = Blueprint("public", __name__)

from portal.public import board_views, fonts, site_files, views  # noqa: E402, F401
