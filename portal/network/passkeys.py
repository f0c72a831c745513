"""Passkeys for correspondents: signed in by the e-mailed link once, a correspondent may keep a
passkey on their phone and sign in with it from then on, no e-mail needed.

The WebAuthn work is the staff's (``portal.auth.passkeys``: relying party, one-time
challenges); what differs is who holds the key. A correspondent is no staff user: the key is
theirs (``network_passkeys``), and the passkey is the whole sign-in, so the phone must verify
its owner (fingerprint, face or PIN) and keep the key itself (a discoverable credential): the
sign-in page asks no address and so tells nobody which addresses are known. The user handle
is prefixed so that a phone never mixes a correspondent's key with a staff account's on the
same host.
"""

from __future__ import annotations

import json
import secrets

from flask import session
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
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

from portal.auth.passkeys import RP_NAME, TIMEOUT_MS, Ceremony, rp_id
from portal.clock import utcnow
from portal.extensions import db
from portal.models import Office, OneTimePurpose
from portal.network.models import Correspondent, CorrespondentPasskey
from portal.security.one_time import issue_mark, spend_mark

CEREMONY_KEY = "network_passkey_ceremony"
MAX_PASSKEYS = 5
HANDLE_PREFIX = b"network:"
NOT_ADDED = _l("เพิ่มพาสคีย์ไม่สำเร็จ อาจยกเลิกไปหรือหมดเวลา กรุณาลองอีกครั้ง")
FAILED = _l(
    "เข้าสู่ระบบด้วยพาสคีย์ไม่สำเร็จ อาจยกเลิกไป หมดเวลา หรือใช้พาสคีย์ที่ไม่ได้ลงทะเบียนไว้ "
    "กรุณาลองอีกครั้ง หรือขอลิงก์ทางอีเมล"
)


class PasskeyError(ValueError):
    def __init__(self, message) -> None:
        super().__init__(str(message))
        self.message = message


def passkeys_of(person: Correspondent) -> list[CorrespondentPasskey]:
    return list(
        db.session.scalars(
            select(CorrespondentPasskey)
            .where(
                CorrespondentPasskey.correspondent_id == person.id,
                CorrespondentPasskey.session_version == person.session_version,
            )
            .order_by(CorrespondentPasskey.id)
        )
    )


def _remember(kind: str, challenge: bytes, person: Correspondent | None) -> str:
    text = bytes_to_base64url(challenge)
    issue_mark(OneTimePurpose.PASSKEY_CHALLENGE, text)
    session[CEREMONY_KEY] = {
        "kind": kind,
        "person": person.id if person else None,
        "challenge": text,
    }
    return text


def _take(kind: str, person: Correspondent | None) -> str | None:
    """The challenge this browser was last given for ``kind``, spent on the server; or None."""
    data = session.pop(CEREMONY_KEY, None)
    if not isinstance(data, dict) or data.get("kind") != kind:
        return None
    if data.get("person") != (person.id if person else None):
        return None
    challenge = data.get("challenge")
    if not isinstance(challenge, str) or not spend_mark(
        challenge, OneTimePurpose.PASSKEY_CHALLENGE
    ):
        return None
    return challenge


def registration_options(person: Correspondent, origin: str) -> Ceremony:
    """Start keeping a passkey for the signed-in ``person`` (the caller commits)."""
    options = generate_registration_options(
        rp_id=rp_id(origin),
        rp_name=RP_NAME,
        user_name=person.email or person.name,
        user_id=HANDLE_PREFIX + person.id.to_bytes(8, "big"),
        user_display_name=person.name,
        challenge=secrets.token_bytes(32),  # 43 characters: fits the one-time mark's key
        timeout=TIMEOUT_MS,
        exclude_credentials=[
            PublicKeyCredentialDescriptor(id=base64url_to_bytes(k.credential_id))
            for k in passkeys_of(person)
        ],
        authenticator_selection=AuthenticatorSelectionCriteria(
            resident_key=ResidentKeyRequirement.REQUIRED,
            user_verification=UserVerificationRequirement.REQUIRED,
        ),
    )
    return Ceremony(options_to_json(options), _remember("register", options.challenge, person))


def add_passkey(person: Correspondent, origin: str, answer: str, name: str) -> CorrespondentPasskey:
    """Verify the phone's answer to :func:`registration_options` and keep the key."""
    challenge = _take("register", person)
    if challenge is None:
        raise PasskeyError(NOT_ADDED)
    if len(passkeys_of(person)) >= MAX_PASSKEYS:
        raise PasskeyError(_l("มีพาสคีย์ได้ไม่เกิน %(n)d รายการ กรุณาลบรายการที่ไม่ใช้ก่อน", n=MAX_PASSKEYS))
    try:
        verified = verify_registration_response(
            credential=answer,
            expected_challenge=base64url_to_bytes(challenge),
            expected_rp_id=rp_id(origin),
            expected_origin=origin,
            require_user_verification=True,
        )
    except (WebAuthnException, ValueError, TypeError, KeyError) as error:
        raise PasskeyError(NOT_ADDED) from error
    credential_id = bytes_to_base64url(verified.credential_id)
    taken = db.session.scalar(
        select(func.count(CorrespondentPasskey.id)).where(
            CorrespondentPasskey.credential_id == credential_id
        )
    )
    if taken:
        raise PasskeyError(_l("พาสคีย์นี้ลงทะเบียนไว้แล้ว"))
    passkey = CorrespondentPasskey(
        correspondent_id=person.id,
        credential_id=credential_id,
        public_key=verified.credential_public_key,
        sign_count=verified.sign_count,
        transports=_transports(answer),
        name=(name.strip() or str(_l("พาสคีย์")))[:100],
        session_version=person.session_version,
    )
    db.session.add(passkey)
    db.session.flush()
    return passkey


def authentication_options(origin: str) -> Ceremony:
    """Start a sign-in: no key is named, the phone offers the ones it keeps for this site."""
    options = generate_authentication_options(
        rp_id=rp_id(origin),
        challenge=secrets.token_bytes(32),
        timeout=TIMEOUT_MS,
        user_verification=UserVerificationRequirement.REQUIRED,
    )
    return Ceremony(options_to_json(options), _remember("sign_in", options.challenge, None))


def sign_in_with_passkey(office: Office, origin: str, answer: str) -> Correspondent:
    """The correspondent whose passkey answered :func:`authentication_options`."""
    challenge = _take("sign_in", None)
    if challenge is None:
        raise PasskeyError(FAILED)
    try:
        credential_id = json.loads(answer)["id"]
    except (ValueError, TypeError, KeyError) as error:
        raise PasskeyError(FAILED) from error
    passkey = db.session.scalar(
        select(CorrespondentPasskey).where(CorrespondentPasskey.credential_id == credential_id)
    )
    person = db.session.get(Correspondent, passkey.correspondent_id) if passkey else None
    if (
        person is None
        or person.office_id != office.id
        or passkey.session_version != person.session_version
    ):
        raise PasskeyError(FAILED)
    try:
        verified = verify_authentication_response(
            credential=answer,
            expected_challenge=base64url_to_bytes(challenge),
            expected_rp_id=rp_id(origin),
            expected_origin=origin,
            credential_public_key=passkey.public_key,
            credential_current_sign_count=passkey.sign_count,
            require_user_verification=True,
        )
    except (WebAuthnException, ValueError, TypeError, KeyError) as error:
        raise PasskeyError(FAILED) from error  # a sign count gone backwards too: a clone
    passkey.sign_count = verified.new_sign_count
    passkey.last_used_at = person.last_sign_in_at = utcnow()
    return person


def remove_passkey(person: Correspondent, passkey_id: int) -> CorrespondentPasskey | None:
    passkey = db.session.get(CorrespondentPasskey, passkey_id)
    if passkey is None or passkey.correspondent_id != person.id:
        return None
    db.session.delete(passkey)
    return passkey


def _transports(answer: str) -> str:
    try:
        found = json.loads(answer)["response"].get("transports") or []
    except (ValueError, TypeError, KeyError, AttributeError):
        return ""
    known = {t.value for t in AuthenticatorTransport}
    return ",".join(t for t in found if isinstance(t, str) and t in known)[:200]
