"""Account tables: users, their regions and establishment memberships, sign-in sessions and failed sign-ins.

The rules (hashing, sessions, scopes) live in the ``accounts`` package; storage only declares the tables,
so that one metadata still describes the whole schema (and the head migration).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, DateTime, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from storage.models import Base, utcnow

USER_FK = {"ondelete": "CASCADE"}


class UserAccount(Base):
    """A person who signs in: with a password, a personal code (no work e-mail needed) or a regional OIDC provider."""

    __tablename__ = "users"
    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    login: Mapped[str] = mapped_column(String(200), unique=True)  # lower case; an e-mail or any name
    display_name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str | None] = mapped_column(String(320))
    role: Mapped[str] = mapped_column(String(20))
    password_hash: Mapped[str | None] = mapped_column(String(200))  # argon2id, never the password
    code_id: Mapped[str | None] = mapped_column(String(8), unique=True)  # public first group of a personal code
    code_hash: Mapped[str | None] = mapped_column(String(200))
    oidc_subject: Mapped[str | None] = mapped_column(String(400), unique=True)  # "issuer|sub"
    person_id: Mapped[str | None] = mapped_column(ForeignKey("people.id"))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    created_by: Mapped[str] = mapped_column(String(200), default="")
    disabled_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    last_sign_in_at: Mapped[dt.datetime | None] = mapped_column(DateTime)


class UserRegion(Base):
    """The regions of a regional coordinator or an ARS analyst."""

    __tablename__ = "user_regions"
    user_id: Mapped[str] = mapped_column(ForeignKey("users.id", **USER_FK), primary_key=True)
    region: Mapped[str] = mapped_column(ForeignKey("regions.code"), primary_key=True)


class Membership(Base):
    """A site an establishment user belongs to, or a facilitator is assigned to."""

    __tablename__ = "memberships"
    user_id: Mapped[str] = mapped_column(ForeignKey("users.id", **USER_FK), primary_key=True)
    site: Mapped[str] = mapped_column(ForeignKey("sites.finess", ondelete="CASCADE"), primary_key=True, index=True)


class SignInSession(Base):
    """A signed-in browser: only the SHA-256 of its random cookie token is stored."""

    __tablename__ = "sessions"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[str] = mapped_column(ForeignKey("users.id", **USER_FK), index=True)
    method: Mapped[str] = mapped_column(String(20))  # password / code / oidc
    acting_for: Mapped[list | None] = mapped_column(JSON)  # the sites chosen by a member of several establishments
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    last_seen_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    revoked_at: Mapped[dt.datetime | None] = mapped_column(DateTime)


class SignInFailure(Base):
    """Failed sign-ins per login (or per address): the wait before the next attempt grows with them."""

    __tablename__ = "sign_in_failures"
    key: Mapped[str] = mapped_column(String(300), primary_key=True)
    failures: Mapped[int] = mapped_column(Integer, default=0)
    last_failed_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
