"""The stored receipt: HMAC-SHA256 under a key from SECRET_KEY, bound to the case number."""

from __future__ import annotations

import hmac

from argon2 import PasswordHasher

from portal.extensions import db
from portal.models import Case
from portal.security import tokens
from tests.tracking.test_tracking import file_case, open_case

RECEIPT = "7KQ2-M9XD-4HTR-PZ3W"


def test_a_filed_case_stores_a_tagged_mac(app, client, office):
    number, receipt = file_case(client)
    with app.test_request_context():
        stored = db.session.scalar(db.select(Case)).receipt_hash
        assert stored.startswith("hmac1$")
        assert len(stored) == len("hmac1$") + 64
        int(stored.removeprefix("hmac1$"), 16)
        assert tokens.verify_receipt(stored, receipt, number)
        assert tokens.verify_receipt(stored, receipt.lower().replace("-", " "), number)


def test_the_mac_depends_on_the_case_number_and_the_server_key(app):
    with app.test_request_context():
        stored = tokens.hash_receipt(RECEIPT, "NP2-2569-000001")
        assert tokens.verify_receipt(stored, RECEIPT, "NP2-2569-000001")
        assert not tokens.verify_receipt(stored, RECEIPT, "NP2-2569-000002")
        assert not tokens.verify_receipt(stored, "7KQ2-M9XD-4HTR-PZ3X", "NP2-2569-000001")
        app.config["SECRET_KEY"] = "another server's key"
        assert tokens.hash_receipt(RECEIPT, "NP2-2569-000001") != stored
        assert not tokens.verify_receipt(stored, RECEIPT, "NP2-2569-000001")


def test_comparison_is_constant_time(app, monkeypatch):
    calls = []
    real = hmac.compare_digest

    def counted(a, b):
        calls.append((a, b))
        return real(a, b)

    monkeypatch.setattr(tokens.hmac, "compare_digest", counted)
    with app.test_request_context():
        stored = tokens.hash_receipt(RECEIPT, "NP2-2569-000001")
        assert not tokens.verify_receipt(stored, "AAAA-BBBB-CCCC-DDDD", "NP2-2569-000001")
    assert len(calls) == 1


def test_argon2_hashes_of_older_cases_still_verify(app, client, office):
    number, receipt = file_case(client)
    legacy = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1).hash(receipt)
    with app.test_request_context():
        db.session.scalar(db.select(Case)).receipt_hash = legacy
        db.session.commit()
        assert tokens.verify_receipt(legacy, receipt, number)
        assert not tokens.verify_receipt(legacy, "AAAA-BBBB-CCCC-DDDD", number)
        assert not tokens.verify_receipt("not a hash", receipt, number)
    assert open_case(client, number, receipt).status_code == 302
    assert open_case(client, number, "AAAA-BBBB-CCCC-DDDD").status_code == 422


def test_new_receipts_never_touch_the_slow_hash(app, monkeypatch):
    """A new receipt is a MAC, never argon2 (its cost is measured in bench/receipt_costs.py)."""
    def refuse(*args, **kwargs):
        raise AssertionError("argon2 was used")

    monkeypatch.setattr(PasswordHasher, "hash", refuse)
    monkeypatch.setattr(PasswordHasher, "verify", refuse)
    with app.test_request_context():
        for sequence in range(3):
            number = f"NP2-2569-{sequence:06d}"
            stored = tokens.hash_receipt(RECEIPT, number)
            assert stored.startswith(tokens.HMAC_TAG)
            assert tokens.verify_receipt(stored, RECEIPT, number)
            assert not tokens.verify_receipt(stored, RECEIPT, f"NP2-2569-{sequence + 1:06d}")
