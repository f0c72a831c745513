"""Staff passwords are hashed with argon2id at the cost RFC 9106 recommends.

The rest of the suite hashes with cheap parameters through the same code (tests/conftest.py):
this is the one place that holds the portal's own hasher to its cost.
"""

from __future__ import annotations

from argon2 import Type
from argon2.profiles import RFC_9106_LOW_MEMORY

from portal.security import passwords
from tests.conftest import CHEAP_PASSWORD_HASHER, PORTAL_PASSWORD_HASHER


def test_the_portal_hasher_is_argon2id_at_the_recommended_cost():
    hasher = PORTAL_PASSWORD_HASHER
    assert hasher.type is Type.ID
    assert (hasher.time_cost, hasher.memory_cost, hasher.parallelism) == (
        RFC_9106_LOW_MEMORY.time_cost, RFC_9106_LOW_MEMORY.memory_cost,
        RFC_9106_LOW_MEMORY.parallelism)  # 3 passes over 64 MiB, 4 lanes
    stored = hasher.hash("correct horse battery staple")
    assert stored.startswith("$argon2id$v=19$m=65536,t=3,p=4$")


def test_a_hash_made_at_either_cost_is_checked_by_the_portal():
    # A check reads the parameters from the stored hash: the suite's cheap hashes and real ones
    # are checked by the same function.
    assert passwords._hasher is CHEAP_PASSWORD_HASHER
    for hasher in (PORTAL_PASSWORD_HASHER, CHEAP_PASSWORD_HASHER):
        stored = hasher.hash("ม้าลายกินหญ้าริมฝั่งโขง")
        assert passwords.verify_password(stored, "ม้าลายกินหญ้าริมฝั่งโขง")
        assert not passwords.verify_password(stored, "ม้าลายกินหญ้าริมฝั่งโขง!")
