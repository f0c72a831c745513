"""Reading a printed report's HTML as its text layer reads."""

import re


def report_text(html: str) -> str:
    """``html`` without its tags and without the zero-width spaces the PDF puts between
    the words of a table cell."""
    return re.sub(r"<[^>]+>", "", html).replace("\u200b", "")
