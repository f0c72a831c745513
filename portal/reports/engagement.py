"""Reach of published outcomes on Facebook and LINE, when the portal knows it.

The channel publishing work records what each post reached. Until that table exists in
this database the figure is unknown (``None``, shown as "ไม่มีข้อมูล"), never zero.
"""

from __future__ import annotations

from portal.reports.periods import Period


def engagement_figures(office_id: int, period: Period) -> dict:
    """``{"known": bool, "facebook_reach": int | None, "line_reach": int | None,
    "posts": int | None}`` for outcomes published in ``period``.

    The portal records no reach yet, so every figure is unknown. When the channels'
    delivery table stores reach, this becomes one grouped query (sum of reach per channel
    over the posts published in the period) filling the same keys.
    """
    return {"known": False, "facebook_reach": None, "line_reach": None, "posts": None}
