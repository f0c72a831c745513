"""The search index is not in the models: install it as the migration does (idempotent)."""

from __future__ import annotations

import pytest

from portal.extensions import db
from portal.search.schema import install_search_index


@pytest.fixture(autouse=True)
def search_index(request):
    # tests/conftest.py builds tables with create_all; tests that migrate need nothing here.
    if "app" not in request.fixturenames:
        return
    request.getfixturevalue("app")
    with db.engine.begin() as connection:
        install_search_index(connection)
