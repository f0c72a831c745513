"""A software WebAuthn authenticator (ES256, "none" attestation) for the passkey service tests:
it answers the server's options as a phone would, byte for byte as the specification says."""

from __future__ import annotations

import hashlib
import json
import os
import struct
from dataclasses import dataclass, field

import cbor2
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from webauthn.helpers import base64url_to_bytes, bytes_to_base64url

UP, UV, AT = 0x01, 0x04, 0x40  # user present, user verified, attested credential data


@dataclass
class SoftAuthenticator:
    origin: str
    sign_count: int = 0
    key: ec.EllipticCurvePrivateKey = field(
        default_factory=lambda: ec.generate_private_key(ec.SECP256R1()))
    credential_id: bytes = field(default_factory=lambda: os.urandom(32))

    def _cose_key(self) -> bytes:
        numbers = self.key.public_key().public_numbers()
        return cbor2.dumps({1: 2, 3: -7, -1: 1, -2: numbers.x.to_bytes(32, "big"),
                            -3: numbers.y.to_bytes(32, "big")})

    def _client_data(self, kind: str, challenge: str, origin: str | None) -> bytes:
        return json.dumps({"type": kind, "challenge": challenge,
                           "origin": origin or self.origin, "crossOrigin": False}).encode()

    def _rp_hash(self, rp_id: str) -> bytes:
        return hashlib.sha256(rp_id.encode()).digest()

    def create(self, options_json: str, origin: str | None = None) -> str:
        """The JSON a browser posts after ``navigator.credentials.create``."""
        options = json.loads(options_json)
        attested = (bytes(16) + struct.pack(">H", len(self.credential_id)) + self.credential_id
                    + self._cose_key())
        auth_data = (self._rp_hash(options["rp"]["id"]) + bytes([UP | UV | AT])
                     + struct.pack(">I", self.sign_count) + attested)
        attestation = cbor2.dumps({"fmt": "none", "attStmt": {}, "authData": auth_data})
        client_data = self._client_data("webauthn.create", options["challenge"], origin)
        return json.dumps({
            "id": bytes_to_base64url(self.credential_id),
            "rawId": bytes_to_base64url(self.credential_id), "type": "public-key",
            "clientExtensionResults": {},
            "response": {"clientDataJSON": bytes_to_base64url(client_data),
                         "attestationObject": bytes_to_base64url(attestation),
                         "transports": ["internal", "hybrid"]}})

    def get(self, options_json: str, origin: str | None = None) -> str:
        """The JSON a browser posts after ``navigator.credentials.get``."""
        options = json.loads(options_json)
        allowed = [base64url_to_bytes(c["id"]) for c in options.get("allowCredentials", [])]
        assert self.credential_id in allowed, "the server did not ask for this credential"
        self.sign_count += 1
        auth_data = (self._rp_hash(options["rpId"]) + bytes([UP | UV])
                     + struct.pack(">I", self.sign_count))
        client_data = self._client_data("webauthn.get", options["challenge"], origin)
        signed = auth_data + hashlib.sha256(client_data).digest()
        signature = self.key.sign(signed, ec.ECDSA(hashes.SHA256()))
        return json.dumps({
            "id": bytes_to_base64url(self.credential_id),
            "rawId": bytes_to_base64url(self.credential_id), "type": "public-key",
            "clientExtensionResults": {},
            "response": {"clientDataJSON": bytes_to_base64url(client_data),
                         "authenticatorData": bytes_to_base64url(auth_data),
                         "signature": bytes_to_base64url(signature)}})
