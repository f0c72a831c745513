"""Clients for an office's accounts, configured from the PORTAL_* settings."""

from __future__ import annotations

from flask import current_app

from portal.channels.facebook import FacebookPage
from portal.channels.http import http_client
from portal.channels.line import LineAccount
from portal.models import ChannelAccount

DEFAULT_GRAPH_URL = "https://graph.facebook.com"
DEFAULT_GRAPH_VERSION = "v25.0"
DEFAULT_LINE_URL = "https://api.line.me"


def facebook_for(account: ChannelAccount) -> FacebookPage:
    config = current_app.config
    return FacebookPage(http_client(),
                        config.get("PORTAL_FACEBOOK_GRAPH_URL") or DEFAULT_GRAPH_URL,
                        config.get("PORTAL_FACEBOOK_GRAPH_VERSION") or DEFAULT_GRAPH_VERSION,
                        account.page_id, account.access_token or "", account.secret)


def line_for(account: ChannelAccount) -> LineAccount:
    return LineAccount(http_client(),
                       current_app.config.get("PORTAL_LINE_API_URL") or DEFAULT_LINE_URL,
                       account.access_token or "")
