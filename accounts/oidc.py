"""Sign-in through a regional identity provider (OpenID Connect): the settings it needs and the claims trusted.

Streamlit's ``st.login`` runs the protocol (authorization code with PKCE, ID token signature, issuer, audience
and nonce checks) and hands the view the ID token's claims (``st.user``). This module checks the configuration
and turns fresh claims into the local account's server-side session through ``sessions.sign_in_oidc``, so that
an OIDC sign-in ends, times out and is revoked exactly like a password sign-in.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine

from accounts.sessions import ActiveSession, sign_in_oidc
from continuum.problems import Problem, ProblemError

SHARED_KEYS = ("redirect_uri", "cookie_secret")  # the [auth] table of secrets.toml
PROVIDER_KEYS = ("client_id", "client_secret", "server_metadata_url")  # its [auth.NAME] table
FRESH_FOR = dt.timedelta(minutes=10)
"""Streamlit keeps the provider's claims in a cookie for 30 days; only an ID token issued moments ago opens a
session, so the idle timeout and sign-out are not undone by an old cookie."""


@dataclass(frozen=True)
class OidcProvider:
    name: str  # the [auth.NAME] table, passed to st.login(NAME)
    label: str  # shown on the button "Se connecter avec …"


@dataclass(frozen=True)
class OidcClaims:
    issuer: str
    subject: str
    email: str | None  # only an e-mail the provider did not declare unverified
    issued_at: dt.datetime


def configuration_problems(name: str, auth: Mapping[str, Any] | None) -> list[Problem]:
    """Every missing or malformed key of the ``[auth]`` and ``[auth.NAME]`` tables, with where to add it."""
    auth = auth or {}
    table = auth.get(name) if isinstance(auth.get(name), Mapping) else {}
    problems = [Problem("oidc-setting-missing", f"secrets.toml [auth] {key}", f"'{key}' is not set.",
                         f"Add {key} to the [auth] table (see .streamlit/secrets.toml.example).")
                for key in SHARED_KEYS if not auth.get(key)]
    problems += [Problem("oidc-setting-missing", f"secrets.toml [auth.{name}] {key}", f"'{key}' is not set.",
                          f"Add {key} to the [auth.{name}] table, from your identity provider's client settings.")
                 for key in PROVIDER_KEYS if not table.get(key)]
    redirect = str(auth.get("redirect_uri") or "")
    if redirect and not (redirect.startswith(("http://", "https://")) and redirect.endswith("/oauth2callback")):
        problems.append(Problem("oidc-url-invalid", "secrets.toml [auth] redirect_uri",
                                "redirect_uri must be the app's absolute address ending in /oauth2callback.",
                                "Use e.g. https://continuum.example/oauth2callback, and register it with the "
                                "provider.", found=redirect))
    metadata = str(table.get("server_metadata_url") or "")
    if metadata and not metadata.startswith(("http://", "https://")):
        problems.append(Problem("oidc-url-invalid", f"secrets.toml [auth.{name}] server_metadata_url",
                                "server_metadata_url must be an absolute address.",
                                "Use the provider's .well-known/openid-configuration address.", found=metadata))
    return problems


def configured_provider(name: str | None, label: str, auth: Mapping[str, Any] | None
                        ) -> tuple[OidcProvider | None, list[Problem]]:
    """The provider to offer, or None: not configured (no problem), or configured with problems (listed)."""
    if not name:
        return None, []
    problems = configuration_problems(name, auth)
    return (None if problems else OidcProvider(name, label or name)), problems


def _as_time(value: Any) -> dt.datetime | None:
    try:
        return dt.datetime.fromtimestamp(float(value), dt.UTC).replace(tzinfo=None)
    except (TypeError, ValueError, OverflowError, OSError):
        return None


def read_claims(claims: Mapping[str, Any]) -> OidcClaims:
    """The issuer, subject, e-mail and issue time of an ID token's claims; refused when one is missing."""
    issuer, subject = str(claims.get("iss") or ""), str(claims.get("sub") or "")
    issued_at = _as_time(claims.get("iat"))
    if not issuer or not subject or issued_at is None:
        missing = [k for k, v in (("iss", issuer), ("sub", subject), ("iat", issued_at)) if not v]
        raise ProblemError([Problem("oidc-claims-missing", "ID token", f"missing claims: {', '.join(missing)}",
                                     "Check that the provider issues standard OpenID Connect ID tokens.")])
    verified = claims.get("email_verified")
    email = claims.get("email") if verified not in (False, "false", "False") else None
    return OidcClaims(issuer, subject, str(email) if email else None, issued_at)


def is_fresh(claims: OidcClaims, now: dt.datetime) -> bool:
    return now - FRESH_FOR <= claims.issued_at <= now + FRESH_FOR  # a little clock skew either way


def sign_in_with_claims(engine: Engine, claims: Mapping[str, Any], *, now: dt.datetime) -> ActiveSession:
    """A fresh ID token's claims to the local account's session; a stale one is refused before any lookup."""
    read = read_claims(claims)
    if not is_fresh(read, now):
        raise ProblemError([Problem("oidc-sign-in-stale", "ID token iat", "This provider sign-in is too old to "
                                    "open a session.", "Sign in with the identity provider again.",
                                    found=read.issued_at.isoformat())])
    return sign_in_oidc(engine, read.issuer, read.subject, email=read.email, now=now)
