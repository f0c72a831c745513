"""Clicking "ส่งเรื่อง" again while the first send is on its way files one case in Chromium.

Chromium folds a fast double click into one submission before anything is sent; a person
clicks again when the page seems stuck, after the first POST has left. The server here is
slow on purpose (each filing waits a second), so the second click sends a second POST while
the first is still being filed, exactly as on a slow phone connection.
"""

from __future__ import annotations

import time

import sqlalchemy as sa

from portal.extensions import db
from portal.models import Case
from tests.browser.flows import fill_general_case, read_slip


def test_a_second_click_during_a_slow_send_files_one_case(page, app, monkeypatch):
    from portal.public import views

    real_submit = views.submit_case

    def slow_submit(*args, **kwargs):
        time.sleep(1.0)
        return real_submit(*args, **kwargs)

    monkeypatch.setattr(views, "submit_case", slow_submit)
    page.goto("/submit")
    fill_general_case(page)
    posts: list[str] = []
    page.on("request", lambda r: posts.append(r.url) if r.method == "POST" else None)
    button = page.get_by_role("button", name="ส่งเรื่อง")
    button.scroll_into_view_if_needed()
    box = button.bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    with page.expect_request(lambda r: r.method == "POST"):
        page.mouse.click(x, y)
    page.mouse.click(x, y)  # nothing seems to happen: click again
    slip = read_slip(page)
    assert len(posts) == 2, posts  # the browser really sent the form twice
    with app.app_context():
        numbers = db.session.scalars(sa.select(Case.number)).all()
    assert numbers == [slip.number]
    page.reload()  # the receipt shown is the one case's
    assert read_slip(page) == slip
