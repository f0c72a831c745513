"""The password policy: long enough, not common, no patterns, nothing of its owner."""

from __future__ import annotations

import pytest

from portal.security import password_policy as policy

EMAIL = "somchai.jaidee@np2.example"
NAME = "สมชาย ใจดี"


def problem(password: str):
    return policy.password_problem(password, email=EMAIL, name=NAME)


@pytest.mark.parametrize("password", [
    "ม้าลายกินหญ้าริมฝั่งโขง",
    "correct horse battery staple",
    "Tr0mbone-Lantern-Quiet",
    "นาฬิกาปลุก7โมงเช้า",
])
def test_long_unusual_passwords_pass(password):
    assert problem(password) is None


@pytest.mark.parametrize("password", ["", "short", "elevenchars", "ข้าวเหนียวมะม่วง"[:11]])
def test_shorter_than_twelve_is_refused(password):
    assert problem(password) is policy.TOO_SHORT


def test_twelve_characters_is_enough_and_thai_characters_count():
    assert problem("ขนมครกหอมกรุ่น"[:12]) is None
    assert problem("x" * 3 + "plumtreebay") is None  # exactly 14, as a sanity bound
    assert problem("a" * 200) is policy.TOO_LONG


@pytest.mark.parametrize("password", [
    "qwertyuiopasdfghjkl",  # listed as is
    "Password1234",          # listed, case folded
    "thailand2567!",         # listed word plus a year and a symbol
    "!!iloveyou2024",        # ... or in front
    "P@ssw0rd2024!!",        # letter swaps
    "ๅ/-ภถุึคตจ1234",         # "1234567890" typed with the Thai layout on
    "sawasdee12345",
])
def test_common_passwords_and_their_decorations_are_refused(password):
    assert problem(password) is policy.COMMON


@pytest.mark.parametrize("password", [
    "123456789012", "9876543210987", "7890123456789",  # digit runs, wrapping, backwards
    "abcdefghijklmn", "qwertyuiopasd", "lkjhgfdsapoiu",  # alphabet and keyboard walks
    "aaaaaaaaaaaaaaa", "abababababab", "abc123abc123", "กขคงจฉชซฌญฎฏ",
])
def test_sequences_and_repeats_are_refused(password):
    assert problem(password) is policy.PATTERN


@pytest.mark.parametrize("password", [
    "somchai.jaidee-rocks", "MyNameIsSomchai!!", "Jaidee-forever-99", "สมชายชอบกินส้มตำ",
    "ครอบครัวใจดีมีสุขเสมอ",
])
def test_email_and_name_are_refused(password):
    assert problem(password) is policy.PERSONAL


def test_personal_parts_ignore_tiny_fragments():
    parts = policy.personal_parts("ab@x.example", "Li Wei ณ")
    assert parts == {"wei"}


def test_the_list_is_ours_and_covers_thai_habits():
    common = policy.common_passwords()
    assert 150 <= len(common) <= 400
    for typical in ("12345678", "qwertyui", "password1", "123456789", "1q2w3e4r", "ฟหกดเ้่าสว"):
        assert typical in common
    assert "#" not in "".join(common)  # comments stay out
