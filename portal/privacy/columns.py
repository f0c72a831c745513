"""Which model columns look like personal data (the minimisation check walks them all)."""

from __future__ import annotations

import re

from sqlalchemy import Column, LargeBinary, MetaData, String, Text
from sqlalchemy.types import TypeDecorator

# Names that say "a person": name, phone, e-mail, address, an id that is not a key, chat ids,
# network addresses and browsers, and what is said about people.
PERSONAL_NAME = re.compile(
    r"(^|_)(name|names|phone|mobile|tel|email|e_mail|mail|address|addr|line|chat|psid|"
    r"user_agent|ip|national|citizen|recipient|respondent|witness|witnesses|contact|"
    r"birth|photo|comment|body|note|reason|description|detail|text|subject|message)($|_)"
)


def looks_personal(column: Column) -> bool:
    """A column that may hold personal data: by its name, a non-key ``…_id``, or free text."""
    name = column.name.lower()
    stored = column.type.impl if isinstance(column.type, TypeDecorator) else column.type
    if column.primary_key or column.foreign_keys or not isinstance(stored, String | LargeBinary):
        return False  # keys, numbers, dates and flags say nothing about a person by themselves
    if PERSONAL_NAME.search(name):
        return True
    if name.endswith("_id"):
        return True
    return isinstance(stored, Text)


def personal_columns(metadata: MetaData) -> list[str]:
    """Every ``table.column`` of ``metadata`` that looks personal, sorted."""
    return sorted(
        f"{table.name}.{column.name}"
        for table in metadata.tables.values()
        for column in table.columns
        if looks_personal(column)
    )
