"""Encryption at rest: Fernet (AES-128-CBC + HMAC-SHA256) with settings.LAKEFLOW_SECRETS_KEY.

The key may be a Fernet key (urlsafe base64 of 32 bytes) or any passphrase, which is stretched
to one with SHA-256, so an operator can set a plain random string.
"""

from __future__ import annotations

import base64
import binascii
import hashlib

from cryptography.fernet import Fernet
from django.conf import settings


def fernet() -> Fernet:
    key = str(settings.LAKEFLOW_SECRETS_KEY)
    try:
        if len(base64.urlsafe_b64decode(key.encode())) == 32:
            return Fernet(key.encode())
    except (binascii.Error, ValueError):
        pass
    return Fernet(base64.urlsafe_b64encode(hashlib.sha256(key.encode()).digest()))


def encrypt(value: bytes) -> str:
    return fernet().encrypt(value).decode()


def decrypt(token: str) -> bytes:
    return fernet().decrypt(token.encode())
