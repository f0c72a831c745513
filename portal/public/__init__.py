"""Pages for citizens, parents, teachers and schools: no sign-in."""

from flask import Blueprint

bp = Blueprint("public", __name__)

from portal.public import (  # noqa: E402, F401
    board_views,
    fonts,
    ita_views,
    report_views,
    site_files,
    views,
)
