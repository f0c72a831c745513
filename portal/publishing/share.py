"""The words and links that go out with an approved item: payload, share text, share links."""

from __future__ import annotations

from urllib.parse import quote, urlencode

from portal.links import public_url
from portal.models import Publication, PublicationKind, PublicationVersion

FACEBOOK_SHARER = "https://www.facebook.com/sharer/sharer.php"
LINE_SHARER = "https://social-plugins.line.me/lineit/share"


def item_url(item: Publication) -> str:
    """The item's page on the board, absolute: what Facebook and LINE preview."""
    return public_url("public.outcome_item", office=item.office, item_id=item.id)


# The address ends as the file is: an uploaded JPEG is served as .jpg, everything else
# (an uploaded PNG, the generated card) as .png.
IMAGE_EXTENSIONS = {"image/jpeg": "jpg", "image/png": "png"}


def image_extension(version: PublicationVersion) -> str:
    """The file name ending of a version's image, from its type."""
    if not version.image_key:
        return "png"
    return IMAGE_EXTENSIONS.get(version.image_mimetype, "png")


def image_url(item: Publication, version: PublicationVersion) -> str:
    """The uploaded image of a news link, else the generated 1200×630 card; per version."""
    return public_url("public.outcome_image", office=item.office, item_id=item.id,
                      version=version.number, ext=image_extension(version))


def shared_link(item: Publication, version: PublicationVersion) -> str:
    """What a share points at: the board's page (a news item's page links on to the news)."""
    return item_url(item)


def reference(item: Publication, version: PublicationVersion) -> str:
    """A tag unique to one version of one item: staff see it in the outbox, and it ends the
    Page and LINE posts (readers quote it). Share kits leave it out, and the worker never
    finds a post by it: any author can type it (see ``portal.delivery.facebook_reconcile``)."""
    return f"#{item.office.code}PUB{item.id:06d}V{version.number}"


def post_text(item: Publication, version: PublicationVersion) -> str:
    """The text of a post below its title; a news item names its own link too.

    The channels add the title and the board's link around it; Page and LINE posts the
    reference tag too, share kits not.
    """
    if item.kind is PublicationKind.NEWS and version.link_url:
        return f"{version.body}\n\n{version.link_url}"
    return version.body


def payload(item: Publication, version: PublicationVersion) -> dict[str, str]:
    """The frozen content of one delivery of ``version`` (see the outbox interface)."""
    return {
        "title": version.title,
        "text": post_text(item, version),
        "link": shared_link(item, version),
        "reference": reference(item, version),
        "image_url": image_url(item, version),
    }


def facebook_share_url(link: str) -> str:
    """Facebook's share dialog: a plain link, no JavaScript, no app id."""
    return f"{FACEBOOK_SHARER}?{urlencode({'u': link})}"


def line_share_url(link: str) -> str:
    return f"{LINE_SHARER}?url={quote(link, safe='')}"
