"""What the approver saw: a version's number and a hash of its exact text and image.

The approve form carries both; approval is refused when either differs from the version
awaiting approval, so an edit made while the approver had the page open is never approved
unseen (a draft edited in place keeps its number: only the hash tells).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from portal.models import PublicationVersion


@dataclass(frozen=True)
class SeenVersion:
    """The version number and digest an approve form was rendered with."""

    number: int
    digest: str


def version_digest(version: PublicationVersion) -> str:
    """SHA-256 of every field the public sees, each length-prefixed so none bleeds into the next.

    The image counts by its storage key, type and size: stored files are written once under a
    fresh random key, so another image, even with the same name, is another key.
    """
    parts = (version.title, version.body, version.link_url or "", version.participants or "",
             version.improvement or "", version.held_on.isoformat() if version.held_on else "",
             version.image_key or "", version.image_mimetype or "",
             f"{version.image_width}x{version.image_height}")
    digest = hashlib.sha256(b"sujarit-version-1")
    for part in parts:
        data = part.encode("utf-8")
        digest.update(len(data).to_bytes(8, "big"))
        digest.update(data)
    return digest.hexdigest()


def seen_of(version: PublicationVersion) -> SeenVersion:
    """What a page showing ``version`` puts in its approve form."""
    return SeenVersion(version.number, version_digest(version))


def matches(version: PublicationVersion, seen: SeenVersion) -> bool:
    """Nothing secret here: a plain comparison is enough."""
    return seen.number == version.number and seen.digest == version_digest(version)
