"""What the case itself knows: the reporter's name, phone, e-mail and LINE ID and the
respondent's name, looked for wherever they stand in the text."""

from __future__ import annotations

import re
from collections.abc import Iterator

from portal.publishing.pii.names_data import NOT_NAMES, TITLES
from portal.publishing.pii.numbers import NUMBER_RUN
from portal.publishing.pii.text import Hit, digits_of

_TITLE = "|".join(re.escape(t) for t in sorted(TITLES, key=len, reverse=True))


def find_known(text: str, reporter_name: str, reporter_phone: str, reporter_email: str,
               reporter_line_id: str, respondent: str) -> Iterator[Hit]:
    lowered = text.casefold()  # Thai and ASCII keep their length when case-folded
    for name, kind in ((reporter_name, "reporter_name"), (respondent, "respondent_name")):
        for part in name_parts(name):
            yield from _occurrences(lowered, part.casefold(), kind)
    for value, kind in ((reporter_email, "reporter_email"),
                        (reporter_line_id, "reporter_line_id")):
        value = value.strip().lstrip("@")
        if len(value) >= 3:
            yield from _occurrences(lowered, value.casefold(), kind)
    phone = digits_of(reporter_phone)
    if len(phone) >= 9:
        tail = phone[-9:]  # the same number with 0 or +66 in front
        for match in NUMBER_RUN.finditer(text):
            if digits_of(match.group(0)).endswith(tail):
                yield Hit("reporter_phone", *_stripped(text, *match.span()))


def name_parts(name: str) -> list[str]:
    """The words of a person's name worth looking for: no titles, no short or common words."""
    words = re.sub(rf"^(?:{_TITLE})\s?", "", name.strip()).split()
    stripped = [re.sub(rf"^(?:{_TITLE})", "", w) if w not in TITLES else "" for w in words]
    return [w for w in stripped if len(w) >= 3 and not w.startswith(NOT_NAMES)
            and not re.fullmatch(r"[\d\W]+", w)]


def _occurrences(lowered: str, value: str, kind: str) -> Iterator[Hit]:
    for match in re.finditer(re.escape(value), lowered):
        yield Hit(kind, match.start(), match.end())


def _stripped(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in " .-()":
        start += 1
    while end > start and text[end - 1] in " .-()":
        end -= 1
    return start, end
