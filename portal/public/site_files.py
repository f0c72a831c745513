"""Files browsers and crawlers ask for at the site's root: the icon and robots.txt.

Neither touches the database: they are the same for every office.
"""

from __future__ import annotations

from flask import Response, current_app, send_from_directory

from portal.extensions import limiter
from portal.public import bp

# Staff, admin and tracking pages are private or per-reporter: crawlers keep out.
ROBOTS = "\n".join(
    [
        "User-agent: *",
        "Disallow: /staff/",
        "Disallow: /admin/",
        "Disallow: /track",
        "Disallow: /receipt",
        "Disallow: /lang/",
        "",
    ]
)


@bp.get("/favicon.ico")
@limiter.exempt
def favicon():
    response = send_from_directory(current_app.static_folder, "favicon.ico",
                                   mimetype="image/vnd.microsoft.icon", max_age=86400)
    return response


@bp.get("/robots.txt")
@limiter.exempt
def robots():
    response = Response(ROBOTS, mimetype="text/plain")
    response.headers["Cache-Control"] = "public, max-age=86400"
    return response
