"""Password hashing with argon2id (argon2-cffi), never by hand; and the few rules a password must meet."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from continuum.problems import Problem

MIN_LENGTH = 10
_HASHER = PasswordHasher()  # argon2id with the library's current recommended parameters
_DUMMY = _HASHER.hash("continuum-dummy-password")  # verified against when a login is unknown, to even out timing


def hash_secret(secret: str) -> str:
    return _HASHER.hash(secret)


def verify_secret(stored: str | None, secret: str) -> bool:
    """True when ``secret`` matches ``stored``; an absent hash still costs one verification."""
    try:
        return _HASHER.verify(stored or _DUMMY, secret) and stored is not None
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def needs_rehash(stored: str) -> bool:
    return _HASHER.check_needs_rehash(stored)


def password_problems(password: str, login: str, location: str = "password") -> list[Problem]:
    """Length first: a long passphrase beats composition rules."""
    out = []
    if len(password or "") < MIN_LENGTH:
        out.append(Problem("password-too-short", location, f"A password needs at least {MIN_LENGTH} characters.",
                           "Choose a longer passphrase, for example four unrelated words.",
                           found=f"{len(password or '')} characters", expected=f"≥ {MIN_LENGTH}"))
    elif login and login.lower() in password.lower():
        out.append(Problem("password-contains-login", location, "The password contains the login.",
                           "Choose a password that does not contain your login."))
    return out
