"""Response tables: responses, participants, answers, evidence, initiatives, targets and action-plan rows."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (BigInteger, Boolean, Date, DateTime, Float, ForeignKey, ForeignKeyConstraint, Index,
                        Integer, LargeBinary, String, Text, UniqueConstraint)
from sqlalchemy.orm import Mapped, mapped_column

from storage.models import Base, BigId, utcnow

RESPONSE_FK = {"ondelete": "CASCADE"}


class Response(Base):
    """One establishment's answers to one questionnaire version in one campaign."""

    __tablename__ = "responses"
    __table_args__ = (
        UniqueConstraint("campaign_id", "site", "questionnaire_id"),
        ForeignKeyConstraint(["questionnaire_id", "questionnaire_version"],
                             ["questionnaire_versions.questionnaire_id", "questionnaire_versions.version"]),
    )
    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    campaign_id: Mapped[str] = mapped_column(ForeignKey("campaigns.id"), index=True)
    questionnaire_id: Mapped[str] = mapped_column(String(64))
    questionnaire_version: Mapped[str] = mapped_column(String(32))
    site: Mapped[str] = mapped_column(ForeignKey("sites.finess"), index=True)  # the first site
    legal_entity: Mapped[str] = mapped_column(ForeignKey("legal_entities.finess"))
    status: Mapped[str] = mapped_column(String(20), default="draft")  # draft / submitted / reopened
    version_choice: Mapped[str] = mapped_column(String(20), default="core")  # core / extended
    facilitator_id: Mapped[str | None] = mapped_column(ForeignKey("people.id"))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    submitted_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    submitted_by: Mapped[str | None] = mapped_column(String(200))


class ResponseSite(Base):
    """Every site a response covers (several sites of one legal entity are allowed)."""

    __tablename__ = "response_sites"
    response_id: Mapped[str] = mapped_column(ForeignKey("responses.id", **RESPONSE_FK), primary_key=True)
    site: Mapped[str] = mapped_column(ForeignKey("sites.finess"), primary_key=True, index=True)


class Participant(Base):
    """Who took part, by role; ``individual`` when the person also filled the questionnaire alone first."""

    __tablename__ = "participants"
    __table_args__ = (UniqueConstraint("response_id", "person_id"),
                      Index("ix_participants_response_id_role", "response_id", "role"))  # co-filled, index only
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    response_id: Mapped[str] = mapped_column(ForeignKey("responses.id", **RESPONSE_FK))
    person_id: Mapped[str] = mapped_column(ForeignKey("people.id"), index=True)
    role: Mapped[str] = mapped_column(String(40))
    individual: Mapped[bool] = mapped_column(Boolean, default=False)


class Answer(Base):
    """One answer; ``respondent`` is '' for the shared (consensus) answer, whose ``version`` guards lost updates."""

    __tablename__ = "answers"
    __table_args__ = (UniqueConstraint("response_id", "item_id", "entry", "respondent"),)
    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    response_id: Mapped[str] = mapped_column(ForeignKey("responses.id", **RESPONSE_FK))
    item_id: Mapped[str] = mapped_column(String(64))
    entry: Mapped[int] = mapped_column(Integer, default=-1)
    respondent: Mapped[str] = mapped_column(String(32), default="")
    flag: Mapped[str] = mapped_column(String(20), default="")
    status: Mapped[str] = mapped_column(String(40), default="")
    extent: Mapped[str] = mapped_column(String(40), default="")
    priority: Mapped[str] = mapped_column(String(40), default="")
    value: Mapped[str] = mapped_column(Text, default="")
    choices: Mapped[str] = mapped_column(Text, default="")
    number: Mapped[float | None] = mapped_column(Float)
    na_reason: Mapped[str] = mapped_column(Text, default="")
    comment: Mapped[str] = mapped_column(Text, default="")
    version: Mapped[int] = mapped_column(Integer, default=1)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    updated_by: Mapped[str] = mapped_column(String(200), default="")


class Evidence(Base):
    """A piece of evidence for an item: a description and an optional link (never patient data)."""

    __tablename__ = "evidence"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    response_id: Mapped[str] = mapped_column(ForeignKey("responses.id", **RESPONSE_FK), index=True)
    item_id: Mapped[str] = mapped_column(String(64))
    entry: Mapped[int] = mapped_column(Integer, default=-1)
    respondent: Mapped[str] = mapped_column(String(32), default="")
    description: Mapped[str] = mapped_column(Text)
    url: Mapped[str] = mapped_column(Text, default="")
    created_by: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class Initiative(Base):
    """An initiative of the inventory: one entry of its repeatable group, with who declared it."""

    __tablename__ = "initiatives"
    __table_args__ = (UniqueConstraint("response_id", "group_item_id", "entry"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    response_id: Mapped[str] = mapped_column(ForeignKey("responses.id", **RESPONSE_FK))
    group_item_id: Mapped[str] = mapped_column(String(64))
    entry: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(300))
    declared_by: Mapped[str] = mapped_column(String(200), default="")
    co_declared_by: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class Target(Base):
    """The team's target degree for a level, with its reason."""

    __tablename__ = "targets"
    __table_args__ = (UniqueConstraint("response_id", "level"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    response_id: Mapped[str] = mapped_column(ForeignKey("responses.id", **RESPONSE_FK))
    level: Mapped[str] = mapped_column(String(40))
    degree: Mapped[str] = mapped_column(String(40))
    reason: Mapped[str] = mapped_column(Text, default="")
    set_by: Mapped[str] = mapped_column(String(200), default="")
    set_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class ActionItem(Base):
    """An action-plan row, in the PAQSS shape (action, owner, deadline, indicator, source)."""

    __tablename__ = "action_items"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    response_id: Mapped[str] = mapped_column(ForeignKey("responses.id", **RESPONSE_FK), index=True)
    action: Mapped[str] = mapped_column(Text)
    item_id: Mapped[str] = mapped_column(String(64), default="")
    level: Mapped[str] = mapped_column(String(40), default="")
    degree: Mapped[str] = mapped_column(String(40), default="")
    kind: Mapped[str] = mapped_column(String(20))  # consolidate / go_further / decision / own
    why: Mapped[str] = mapped_column(Text, default="")
    owner: Mapped[str] = mapped_column(String(200), default="")
    deadline: Mapped[dt.date | None] = mapped_column(Date)
    indicator: Mapped[str] = mapped_column(Text, default="")
    source: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(20), default="planned")
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    updated_by: Mapped[str] = mapped_column(String(200), default="")



class ResponseRevision(Base):
    """How many times a response's answers or participants changed: bumped by database triggers (migration 0005).

    Every write path (saves, imports, the demo's bulk inserts, deletions) goes through the triggers, so a
    stored profile computed at one revision is known to be stale as soon as anything it was scored from
    changes. No foreign key: a response deleted with its answers leaves a harmless counter behind.
    """

    __tablename__ = "response_revisions"
    response_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    revision: Mapped[int] = mapped_column(BigInteger, default=0)


class ResponseProfile(Base):
    """A response's scored engagement profile as the engine returned it (``storage.profiles``).

    ``key`` fingerprints everything the engine scored it from (the engine's code, the questionnaire
    versions, the response's row, its revision, and the inventory responses that evidence it); a key that
    no longer matches means stale, and stale profiles are scored again before anything is shown.
    ``variant`` is ``individual`` (every contribution) or ``shared`` (consensus answers only: peers).
    No foreign key: a reader storing a profile then never waits on a response locked by a submit (which
    stores its own profiles in the same transaction), and a deleted response's row is never read again.
    """

    __tablename__ = "response_profiles"
    response_id: Mapped[str] = mapped_column(String(32), primary_key=True)  # no foreign key: see below
    variant: Mapped[str] = mapped_column(String(20), primary_key=True)
    key: Mapped[str] = mapped_column(String(64))
    layout: Mapped[str] = mapped_column(Text)  # the digest of the record layout, described once in ``meta``
    payload: Mapped[bytes] = mapped_column(LargeBinary)  # the engine's rows, one fixed-width record
    computed_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
