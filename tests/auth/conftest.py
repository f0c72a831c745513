"""Cheap argon2 parameters for the auth tests: the hashing is still argon2id, just fast."""

from __future__ import annotations

import pytest
from argon2 import PasswordHasher

from portal.security import passwords


@pytest.fixture(autouse=True)
def _fast_password_hashing(monkeypatch):
    monkeypatch.setattr(passwords, "_hasher", PasswordHasher(time_cost=1, memory_cost=1024,
                                                             parallelism=1))
