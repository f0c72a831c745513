"""Passkeys (WebAuthn) as the second sign-in factor, beside the authenticator app.

After the password, a user with a passkey touches it (fingerprint, face or PIN on the phone)
instead of typing a code. Only the public key is stored. Each ceremony's challenge is a
server-side one-time mark (``OneTimePurpose.PASSKEY_CHALLENGE``), spent with one conditional
DELETE when the answer comes back: an answer cannot be replayed, even with an old session
cookie. The relying party is the host the page was served from (already checked against the
trusted host names), so each office's own host name works.
"""

from __future__ import annotations

import json
import secrets
from dataclasses import dataclass
from urllib.parse import urlsplit

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from webauthn import (
    generate_authentication_options,
    generate_registration_options,
    options_to_json,
    verify_authentication_response,
    verify_registration_response,
)
from webauthn.helpers import base64url_to_bytes, bytes_to_base64url
from webauthn.helpers.exceptions import WebAuthnException
from webauthn.helpers.structs import (
    AuthenticatorSelectionCriteria,
    AuthenticatorTransport,
    PublicKeyCredentialDescriptor,
    ResidentKeyRequirement,
    UserVerificationRequirement,
)

from portal.auth.errors import SignInRefused
from portal.cases.errors import CaseError
from portal.clock import utcnow
from portal.extensions import db
from portal.models import OneTimePurpose, Passkey, User
from portal.security.one_time import issue_mark, spend_mark

RP_NAME = "Sujarit"
TIMEOUT_MS = 180_000  # finding the phone and unlocking it
MAX_PASSKEYS = 10
FAILED = _l("ยืนยันด้วยพาสคีย์ไม่สำเร็จ อาจยกเลิกไป หมดเวลา หรือใช้พาสคีย์ที่ไม่ได้ลงทะเบียนกับบัญชีนี้ "
            "กรุณาลองอีกครั้ง")
NOT_ADDED = _l("เพิ่มพาสคีย์ไม่สำเร็จ อาจยกเลิกไปหรือหมดเวลา กรุณาลองอีกครั้ง")


@dataclass(frozen=True)
class Ceremony:
    """Options for the browser (JSON) and the challenge the answer must carry."""

    options_json: str
    challenge: str  # base64url


def _challenge() -> bytes:
    """32 random bytes: 43 characters of base64url, the one-time mark's key (64 at most)."""
    return secrets.token_bytes(32)


def rp_id(origin: str) -> str:
    return urlsplit(origin).hostname or ""


def _descriptors(user: User) -> list[PublicKeyCredentialDescriptor]:
    return [PublicKeyCredentialDescriptor(
        id=base64url_to_bytes(key.credential_id),
        transports=[AuthenticatorTransport(t) for t in key.transports.split(",")
                    if t in {m.value for m in AuthenticatorTransport}])
        for key in user.passkeys]


def registration_options(user: User, origin: str) -> Ceremony:
    """Start adding a passkey to ``user``'s account (the caller commits the challenge)."""
    options = generate_registration_options(
        rp_id=rp_id(origin), rp_name=RP_NAME, user_name=user.email,
        user_id=user.id.to_bytes(8, "big"), user_display_name=user.name,
        challenge=_challenge(), timeout=TIMEOUT_MS, exclude_credentials=_descriptors(user),
        authenticator_selection=AuthenticatorSelectionCriteria(
            resident_key=ResidentKeyRequirement.PREFERRED,
            user_verification=UserVerificationRequirement.PREFERRED))
    challenge = bytes_to_base64url(options.challenge)
    issue_mark(OneTimePurpose.PASSKEY_CHALLENGE, challenge)
    return Ceremony(options_to_json(options), challenge)


def authentication_options(user: User, origin: str) -> Ceremony:
    """Start signing ``user`` in with one of their passkeys."""
    options = generate_authentication_options(
        rp_id=rp_id(origin), challenge=_challenge(), timeout=TIMEOUT_MS,
        allow_credentials=_descriptors(user),
        user_verification=UserVerificationRequirement.PREFERRED)
    challenge = bytes_to_base64url(options.challenge)
    issue_mark(OneTimePurpose.PASSKEY_CHALLENGE, challenge)
    return Ceremony(options_to_json(options), challenge)


def add_passkey(user: User, origin: str, challenge: str | None, answer: str,
                name: str) -> Passkey:
    """Verify the browser's answer to :func:`registration_options` and keep the passkey."""
    if len(user.passkeys) >= MAX_PASSKEYS:
        raise CaseError(_l("บัญชีหนึ่งมีพาสคีย์ได้ไม่เกิน %(n)d รายการ กรุณาลบรายการที่ไม่ใช้ก่อน",
                           n=MAX_PASSKEYS))
    if not spend_mark(challenge, OneTimePurpose.PASSKEY_CHALLENGE):
        raise CaseError(NOT_ADDED)
    try:
        verified = verify_registration_response(
            credential=answer, expected_challenge=base64url_to_bytes(challenge),
            expected_rp_id=rp_id(origin), expected_origin=origin)
    except (WebAuthnException, ValueError, TypeError, KeyError) as error:
        raise CaseError(NOT_ADDED) from error
    credential_id = bytes_to_base64url(verified.credential_id)
    if db.session.scalar(select(Passkey.id).where(Passkey.credential_id == credential_id)):
        raise CaseError(_l("พาสคีย์นี้ลงทะเบียนไว้แล้ว"))
    passkey = Passkey(credential_id=credential_id, public_key=verified.credential_public_key,
                      sign_count=verified.sign_count, transports=_transports(answer),
                      name=(name.strip() or str(_l("พาสคีย์")))[:100])
    user.passkeys.append(passkey)
    db.session.flush()
    return passkey


def verify_passkey(user: User, origin: str, challenge: str | None, answer: str) -> Passkey:
    """Accept the answer to :func:`authentication_options` from one of ``user``'s passkeys."""
    if not spend_mark(challenge, OneTimePurpose.PASSKEY_CHALLENGE):
        raise SignInRefused(FAILED, "bad_passkey")
    try:
        credential_id = json.loads(answer)["id"]
    except (ValueError, TypeError, KeyError) as error:
        raise SignInRefused(FAILED, "bad_passkey") from error
    passkey = next((k for k in user.passkeys if k.credential_id == credential_id), None)
    if passkey is None:
        raise SignInRefused(FAILED, "bad_passkey")
    try:
        verified = verify_authentication_response(
            credential=answer, expected_challenge=base64url_to_bytes(challenge),
            expected_rp_id=rp_id(origin), expected_origin=origin,
            credential_public_key=passkey.public_key,
            credential_current_sign_count=passkey.sign_count)
    except (WebAuthnException, ValueError, TypeError, KeyError) as error:
        # Includes a sign count that went backwards: a cloned authenticator.
        raise SignInRefused(FAILED, "bad_passkey") from error
    passkey.sign_count = verified.new_sign_count
    passkey.last_used_at = utcnow()
    return passkey


def remove_passkey(user: User, passkey_id: int) -> Passkey:
    """Remove one of the user's passkeys, unless it is their only second factor."""
    passkey = next((k for k in user.passkeys if k.id == passkey_id), None)
    if passkey is None:
        raise CaseError(_l("ไม่พบพาสคีย์นี้ในบัญชีของท่าน"))
    if len(user.passkeys) == 1 and not user.totp_enabled:
        raise CaseError(_l("ลบพาสคีย์สุดท้ายไม่ได้ เพราะบัญชีเจ้าหน้าที่ต้องมีการยืนยันตัวตนขั้นที่สอง "
                           "กรุณาเพิ่มพาสคีย์อื่นหรือตั้งค่าแอปยืนยันตัวตนก่อน"))
    user.passkeys.remove(passkey)
    return passkey


def _transports(answer: str) -> str:
    try:
        found = json.loads(answer)["response"].get("transports") or []
    except (ValueError, TypeError, KeyError, AttributeError):
        return ""
    known = {t.value for t in AuthenticatorTransport}
    return ",".join(t for t in found if isinstance(t, str) and t in known)[:200]
