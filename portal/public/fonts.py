"""The Sarabun web font, served from files built at install time (portal/fonts.py): no CDN.

A deployment that skipped the build step still works: the first request builds the file and
keeps it on disk, and a warning says which step was missed.
"""

from __future__ import annotations

from flask import abort, current_app, send_from_directory

from portal.extensions import limiter
from portal.fonts import FONT_DIR, ONE_YEAR, WEIGHTS, build_font, file_name
from portal.public import bp


@bp.get("/fonts/sarabun-<weight>.woff2")
@limiter.exempt
def font(weight: str):
    if weight not in WEIGHTS:
        abort(404)
    if not (FONT_DIR / file_name(weight)).is_file():
        current_app.logger.warning("font %s was not built at install time; building it now "
                                   "(run: python -m portal.fonts)", weight)
        build_font(weight, FONT_DIR)
    response = send_from_directory(FONT_DIR, file_name(weight), mimetype="font/woff2",
                                   max_age=ONE_YEAR, conditional=True)
    response.cache_control.public = True
    response.cache_control.immutable = True
    return response
