"""Wrong receipts: counted per address, never per case; unknown and known numbers cost alike."""

from __future__ import annotations

from portal.cases import tracking
from portal.extensions import db
from portal.models import Case
from tests.tracking.test_tracking import file_case, open_case


def from_address(app, address: str):
    browser = app.test_client()
    browser.environ_base["REMOTE_ADDR"] = address
    return browser


def test_a_stranger_cannot_lock_a_reporter_out_of_their_case(app, client, office):
    app.config["PORTAL_RATE_LIMIT_TRACK"] = "3 per 15 minutes"
    number, receipt = file_case(client)
    attacker = from_address(app, "198.51.100.7")
    statuses = [open_case(attacker, number, f"AAAA-BBBB-CCCC-DDD{i}").status_code
                for i in range(4)]
    assert statuses == [422, 422, 422, 429]
    reporter = from_address(app, "203.0.113.20")  # the reporter, at home
    assert open_case(reporter, number, receipt).status_code == 302


def test_one_address_spends_its_allowance_across_every_case(app, client, office):
    app.config["PORTAL_RATE_LIMIT_TRACK"] = "3 per 15 minutes"
    number, receipt = file_case(client)
    guesser = from_address(app, "198.51.100.8")
    for sequence in range(3):  # one wrong guess on each of three other case numbers
        assert open_case(guesser, f"NP2-2569-00010{sequence}", "AAAA-BBBB-CCCC-DDDD"
                         ).status_code == 422
    # Spread over many cases, the guesses still use up this address's allowance.
    assert open_case(guesser, number, receipt).status_code == 429


class CountingHasher:
    """Counts receipt work: each hash and each verification is one MAC computation."""

    def __init__(self, monkeypatch) -> None:
        self.hashes = self.verifies = 0
        real_hash, real_verify = tracking.hash_receipt, tracking.verify_receipt

        def counted_hash(receipt, number):
            self.hashes += 1
            return real_hash(receipt, number)

        def counted_verify(stored, candidate, number):
            self.verifies += 1
            return real_verify(stored, candidate, number)

        monkeypatch.setattr(tracking, "hash_receipt", counted_hash)
        monkeypatch.setattr(tracking, "verify_receipt", counted_verify)

    def work(self, call) -> tuple[int, int]:
        self.hashes = self.verifies = 0
        call()
        return self.hashes, self.verifies


def test_unknown_and_known_numbers_do_the_same_work(app, client, office, monkeypatch):
    number, _receipt = file_case(client)
    counter = CountingHasher(monkeypatch)
    with app.test_request_context():
        tracking.find_case_by_receipt(office, "NP2-2569-999998", "AAAA-BBBB-CCCC-DDDD")  # warm
        for _ in range(3):
            unknown = counter.work(lambda: tracking.find_case_by_receipt(
                office, "NP2-2569-999999", "AAAA-BBBB-CCCC-DDDD"))
            known = counter.work(lambda: tracking.find_case_by_receipt(
                office, number, "AAAA-BBBB-CCCC-DDDD"))
            assert unknown == known == (0, 1)


def test_the_decoy_is_a_hash_of_the_kind_real_receipts_get(app, client, office):
    file_case(client)
    with app.test_request_context():
        real = db.session.scalar(db.select(Case)).receipt_hash
        decoy = tracking.decoy_hash()
        assert real.split("$")[0] == decoy.split("$")[0] == "hmac1"
        assert len(real) == len(decoy)
