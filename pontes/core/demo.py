"""Shared tools for the deterministic demo-data steps that capabilities register."""

from __future__ import annotations

import base64
import hashlib
import random
from dataclasses import dataclass, field
from typing import Any

from .models import Territory


@dataclass
class DemoCredential:
    username: str
    password: str
    role: str
    scope: str
    totp_secret: str = ""


@dataclass
class DemoContext:
    seed: int
    out: Any  # where steps may print progress (a management command's stdout)
    territories: dict[str, Territory] = field(default_factory=dict)
    credentials: list[DemoCredential] = field(default_factory=list)

    def rng(self, name: str) -> random.Random:
        """An independent generator per step, so adding one step never reshuffles another."""
        digest = hashlib.sha256(f"{self.seed}:{name}".encode()).digest()
        return random.Random(int.from_bytes(digest[:8], "big"))  # noqa: S311 (demo data, not secrets)

    def password_for(self, username: str) -> str:
        digest = hashlib.sha256(f"pontes-demo:{self.seed}:{username}".encode()).hexdigest()
        return f"demo-{username}-{digest[:8]}"

    def totp_key_for(self, username: str) -> bytes:
        return hashlib.sha256(f"pontes-demo-totp:{self.seed}:{username}".encode()).digest()[:20]


def base32_secret(key: bytes) -> str:
    """The form authenticator apps expect."""
    return base64.b32encode(key).decode().rstrip("=")
