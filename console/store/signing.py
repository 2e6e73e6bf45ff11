"""Ed25519 keys, session certificates and signed checkpoints: the cryptography in one place.

- An account's key pair is made when the account is created (or at its first login after
  the upgrade that introduced keys). The private key is stored as PKCS#8 PEM encrypted with the
  account's password, so the database alone cannot sign for anyone.
- A CLI session (``python -m console login``) gets its own key pair; the account key signs a
  *certificate* for it (:func:`certificate_text`), so the session can sign checkpoints without
  keeping the password, and only until it expires.
- A checkpoint says "the chain head was ``seq``/``hash``"; its signature covers
  :func:`checkpoint_text`. Texts are canonical JSON arrays with a purpose tag first, so a
  signature made for one purpose can never be replayed as another.

Public keys and signatures are lowercase hex (64 and 128 characters).
"""

from __future__ import annotations

from dataclasses import dataclass

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from console.errors import Refused
from console.store.chain import canonical_json

CHECKPOINT_TAG = "fds-checkpoint-v1"
SESSION_TAG = "fds-session-v1"


class BadKey(Refused):
    """A stored key cannot be used (wrong password, damaged text); the message is Chinese."""


def new_private_key() -> Ed25519PrivateKey:
    return Ed25519PrivateKey.generate()


def public_hex(key: Ed25519PrivateKey | Ed25519PublicKey) -> str:
    pub = key.public_key() if isinstance(key, Ed25519PrivateKey) else key
    return pub.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw).hex()


def fingerprint(public_key_hex: str) -> str:
    """A short form for paper and screens: the first 16 hex digits in groups of four."""
    head = public_key_hex[:16]
    return " ".join(head[i : i + 4] for i in range(0, len(head), 4))


def lock_private_key(key: Ed25519PrivateKey, password: str) -> str:
    """PKCS#8 PEM encrypted with ``password`` (the best scheme the library offers)."""
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.BestAvailableEncryption(password.encode("utf-8")),
    ).decode("ascii")


def unlock_private_key(pem: str, password: str) -> Ed25519PrivateKey:
    try:
        key = serialization.load_pem_private_key(pem.encode("ascii"), password.encode("utf-8"))
    except (ValueError, TypeError) as exc:
        raise BadKey("无法解开签名私钥：密码不正确或私钥已损坏") from exc
    if not isinstance(key, Ed25519PrivateKey):
        raise BadKey("签名私钥不是 Ed25519 密钥")
    return key


def raw_private_hex(key: Ed25519PrivateKey) -> str:
    """The unencrypted private key as hex: only for a session key kept in a 0600 token file."""
    return key.private_bytes(
        serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption()
    ).hex()


def private_from_hex(text: str) -> Ed25519PrivateKey:
    try:
        return Ed25519PrivateKey.from_private_bytes(bytes.fromhex(text))
    except ValueError as exc:
        raise BadKey("会话私钥已损坏") from exc


def sign(key: Ed25519PrivateKey, text: str) -> str:
    return key.sign(text.encode("utf-8")).hex()


def verify(public_key_hex: str, text: str, signature_hex: str) -> bool:
    """True when ``signature_hex`` is ``public_key_hex``'s signature over ``text``."""
    try:
        pub = Ed25519PublicKey.from_public_bytes(bytes.fromhex(public_key_hex))
        pub.verify(bytes.fromhex(signature_hex), text.encode("utf-8"))
    except (ValueError, InvalidSignature):
        return False
    return True


def certificate_text(username: str, session_public_hex: str, expires_us: int) -> str:
    """What an account key signs to vouch for a session key until ``expires_us``."""
    return canonical_json([SESSION_TAG, username, session_public_hex, int(expires_us)])


def checkpoint_text(seq: int, head_hash: str, signed_us: int, signer: str, reason: str) -> str:
    """What a checkpoint signature covers."""
    return canonical_json([CHECKPOINT_TAG, int(seq), head_hash, int(signed_us), signer, reason])


@dataclass(frozen=True)
class Certificate:
    """An account key's signature over a session key (see :func:`certificate_text`)."""

    account_public_key: str
    expires_us: int
    signature: str

    def to_json(self) -> str:
        return canonical_json(
            {"account_public_key": self.account_public_key, "expires_us": self.expires_us,
             "signature": self.signature}
        )

    @classmethod
    def from_json(cls, text: str) -> Certificate:
        import json

        d = json.loads(text)
        return cls(str(d["account_public_key"]), int(d["expires_us"]), str(d["signature"]))


@dataclass(frozen=True)
class Signer:
    """Who signs checkpoints at this console: an account's key, or a certified session key."""

    username: str
    key: Ed25519PrivateKey
    certificate: Certificate | None = None

    @property
    def public_key(self) -> str:
        return public_hex(self.key)

    def sign(self, text: str) -> str:
        return sign(self.key, text)


__all__ = [
    "BadKey", "Certificate", "Signer", "certificate_text", "checkpoint_text", "fingerprint",
    "lock_private_key", "new_private_key", "private_from_hex", "public_hex", "raw_private_hex",
    "sign", "unlock_private_key", "verify",
]
