"""TOTP against the RFCs' own test vectors, and the rules around it: window, no reuse."""

from __future__ import annotations

import base64
from urllib.parse import parse_qs, urlsplit

import pytest

from portal.security import totp

# RFC 6238 appendix B: the seeds are ASCII "1234567890" repeated to the digest's size.
SEED_SHA1 = b"12345678901234567890"
SEED_SHA256 = (b"1234567890" * 4)[:32]
SEED_SHA512 = (b"1234567890" * 7)[:64]
RFC6238 = [
    (59, "94287082", "46119246", "90693936"),
    (1111111109, "07081804", "68084774", "25091201"),
    (1111111111, "14050471", "67062674", "99943326"),
    (1234567890, "89005924", "91819424", "93441116"),
    (2000000000, "69279037", "90698825", "38618901"),
    (20000000000, "65353130", "77737706", "47863826"),
]
# RFC 4226 appendix D: HOTP values for counters 0..9 under the same SHA-1 seed.
RFC4226 = ["755224", "287082", "359152", "969429", "338314",
           "254676", "287922", "162583", "399871", "520489"]


@pytest.mark.parametrize(("moment", "sha1", "sha256", "sha512"), RFC6238)
def test_rfc6238_vectors(moment, sha1, sha256, sha512):
    assert totp.totp(SEED_SHA1, moment, digits=8) == sha1
    assert totp.totp(SEED_SHA256, moment, digits=8, digest="sha256") == sha256
    assert totp.totp(SEED_SHA512, moment, digits=8, digest="sha512") == sha512


def test_rfc4226_vectors():
    assert [totp.hotp(SEED_SHA1, counter) for counter in range(10)] == RFC4226


def test_defaults_are_six_digits_thirty_seconds_sha1():
    # 59 s is step 1: RFC 4226's counter-1 value, with six digits.
    assert totp.totp(SEED_SHA1, 59) == "287082"
    assert totp.time_step(59) == 1 and totp.time_step(60) == 2


def b32(raw: bytes) -> str:
    return base64.b32encode(raw).decode().rstrip("=")


def test_code_accepted_within_one_step_either_side():
    secret = b32(SEED_SHA1)
    moment = 1111111111  # step 37037037
    now = totp.time_step(moment)
    for offset in (-1, 0, 1):
        code = totp.hotp(SEED_SHA1, now + offset)
        assert totp.matching_step(secret, code, 0, moment) == now + offset
    for offset in (-2, 2):
        assert totp.matching_step(secret, totp.hotp(SEED_SHA1, now + offset), 0, moment) is None


def test_used_step_and_older_ones_are_refused():
    secret = b32(SEED_SHA1)
    moment = 1111111111
    now = totp.time_step(moment)
    code = totp.hotp(SEED_SHA1, now)
    assert totp.matching_step(secret, code, now, moment) is None  # the same code again
    assert totp.matching_step(secret, totp.hotp(SEED_SHA1, now - 1), now, moment) is None
    assert totp.matching_step(secret, totp.hotp(SEED_SHA1, now + 1), now, moment) == now + 1


@pytest.mark.parametrize("typed", ["14050471", "12345", "abcdef", "", "1234567"])
def test_malformed_codes_never_match(typed):
    assert totp.matching_step(b32(SEED_SHA1), typed, 0, 1111111111) is None


def test_spaces_in_a_typed_code_are_ignored():
    moment = 1111111111
    code = totp.hotp(SEED_SHA1, totp.time_step(moment))
    spaced = f"{code[:3]} {code[3:]}"
    assert totp.matching_step(b32(SEED_SHA1), spaced, 0, moment) == totp.time_step(moment)


def test_new_secrets_are_random_160_bit_base32():
    first, second = totp.new_secret(), totp.new_secret()
    assert first != second
    assert len(totp.decode_secret(first)) == 20
    assert totp.decode_secret(totp.group_secret(first)) == totp.decode_secret(first)


def test_provisioning_uri_carries_what_authenticators_read():
    uri = totp.provisioning_uri("JBSWY3DPEHPK3PXP", "somsri@np2.example", "Sujarit")
    parts = urlsplit(uri)
    assert (parts.scheme, parts.netloc) == ("otpauth", "totp")
    assert parts.path == "/Sujarit:somsri@np2.example"
    query = parse_qs(parts.query)
    assert query == {"secret": ["JBSWY3DPEHPK3PXP"], "issuer": ["Sujarit"],
                     "algorithm": ["SHA1"], "digits": ["6"], "period": ["30"]}
