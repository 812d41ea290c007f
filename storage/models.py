"""The tables: establishments, campaigns, questionnaire versions, invitations and people.

Responses, answers and what hangs off them live in `storage.models_responses`. Both
modules share one `Base`, so one metadata describes the whole schema (and the head migration).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (JSON, BigInteger, Boolean, CheckConstraint, Date, DateTime, Float, ForeignKey,
                        ForeignKeyConstraint, Integer, MetaData, String, Text, UniqueConstraint)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}
BigId = BigInteger().with_variant(Integer, "sqlite")  # SQLite only autoincrements INTEGER PRIMARY KEY
FINESS = String(9)


def utcnow() -> dt.datetime:
    """Naive UTC, the same on SQLite and PostgreSQL."""
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class Meta(Base):
    """Key–value facts about the database itself (for example, that it holds the demo)."""

    __tablename__ = "meta"
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text, default="")


class DataVersion(Base):
    """One counter bumped by every write transaction: the cache key shared by every app process."""

    __tablename__ = "data_version"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    version: Mapped[int] = mapped_column(BigInteger, default=0)


class Region(Base):
    __tablename__ = "regions"
    code: Mapped[str] = mapped_column(String(3), primary_key=True)
    name: Mapped[str] = mapped_column(String(100))


class LegalEntity(Base):
    """A FINESS EJ."""

    __tablename__ = "legal_entities"
    finess: Mapped[str] = mapped_column(FINESS, primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    category: Mapped[str] = mapped_column(String(40))
    legal_status: Mapped[str] = mapped_column(String(40))
    sector: Mapped[str] = mapped_column(String(20))
    region: Mapped[str] = mapped_column(ForeignKey("regions.code"))
    size: Mapped[float | None] = mapped_column(Float)


class Site(Base):
    """A FINESS ET: the establishment a response usually covers."""

    __tablename__ = "sites"
    finess: Mapped[str] = mapped_column(FINESS, primary_key=True)
    legal_entity: Mapped[str] = mapped_column(ForeignKey("legal_entities.finess"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    category: Mapped[str] = mapped_column(String(40))
    legal_status: Mapped[str] = mapped_column(String(40))
    sector: Mapped[str] = mapped_column(String(20))
    region: Mapped[str] = mapped_column(ForeignKey("regions.code"), index=True)
    size: Mapped[float | None] = mapped_column(Float)


class Grouping(Base):
    """A GHT, a private group or a managing organisation."""

    __tablename__ = "groupings"
    code: Mapped[str] = mapped_column(String(40), primary_key=True)
    kind: Mapped[str] = mapped_column(String(40))
    name: Mapped[str] = mapped_column(String(200))
    region: Mapped[str | None] = mapped_column(ForeignKey("regions.code"))


class SiteGrouping(Base):
    __tablename__ = "site_groupings"
    site: Mapped[str] = mapped_column(ForeignKey("sites.finess"), primary_key=True)
    grouping: Mapped[str] = mapped_column(ForeignKey("groupings.code"), primary_key=True)


# The separate consents of a site (DOMAIN.md), each with who gave it and when: being named to peers, individual
# results sent to the ARS, being cited as an example, and individual results shown, named, at national level
# (migration 0004). A new kind needs a migration: the database refuses any other.
CONSENT_KINDS = ("named_to_peers", "results_to_ars", "cited_as_example", "results_to_national")


class Consent(Base):
    """One of the separate consents of a site (``CONSENT_KINDS``), with who gave it and when."""

    __tablename__ = "consents"
    __table_args__ = (UniqueConstraint("site", "kind"),
                      CheckConstraint(f"kind IN ({', '.join(repr(k) for k in CONSENT_KINDS)})", name="kind"))
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    site: Mapped[str] = mapped_column(ForeignKey("sites.finess"))
    kind: Mapped[str] = mapped_column(String(40))
    granted: Mapped[bool] = mapped_column(Boolean)
    given_by: Mapped[str] = mapped_column(String(200))
    given_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class PeerGroup(Base):
    __tablename__ = "peer_groups"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    region: Mapped[str | None] = mapped_column(ForeignKey("regions.code"))
    created_by: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class PeerGroupMember(Base):
    __tablename__ = "peer_group_members"
    group_id: Mapped[int] = mapped_column(ForeignKey("peer_groups.id", ondelete="CASCADE"), primary_key=True)
    site: Mapped[str] = mapped_column(ForeignKey("sites.finess"), primary_key=True)


class Person(Base):
    """A participant; one person (an RU, say) may take part in several establishments' responses."""

    __tablename__ = "people"
    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    display_name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str | None] = mapped_column(String(320))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class QuestionnaireVersion(Base):
    """A published questionnaire version; immutable once stored."""

    __tablename__ = "questionnaire_versions"
    questionnaire_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    version: Mapped[str] = mapped_column(String(32), primary_key=True)
    yaml_text: Mapped[str] = mapped_column(Text)
    content_hash: Mapped[str] = mapped_column(String(128))
    published_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    published_by: Mapped[str] = mapped_column(String(200), default="")


class Campaign(Base):
    __tablename__ = "campaigns"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    scope_kind: Mapped[str] = mapped_column(String(20))  # region / national
    region: Mapped[str | None] = mapped_column(ForeignKey("regions.code"))
    starts_on: Mapped[dt.date | None] = mapped_column(Date)
    ends_on: Mapped[dt.date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(20), default="draft")
    wave: Mapped[int] = mapped_column(Integer, default=1)
    previous_campaign_id: Mapped[str | None] = mapped_column(ForeignKey("campaigns.id"))
    version_choice: Mapped[str] = mapped_column(String(20), default="core_or_extended")
    optional_levels: Mapped[dict] = mapped_column(JSON, default=dict)  # {category: [level, ...]}
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class CampaignQuestionnaire(Base):
    __tablename__ = "campaign_questionnaires"
    __table_args__ = (ForeignKeyConstraint(["questionnaire_id", "version"],
                                           ["questionnaire_versions.questionnaire_id",
                                            "questionnaire_versions.version"]),)
    campaign_id: Mapped[str] = mapped_column(ForeignKey("campaigns.id", ondelete="CASCADE"), primary_key=True)
    questionnaire_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    version: Mapped[str] = mapped_column(String(32))


class Invitation(Base):
    """An access code for one establishment in one campaign; only its scrypt hash is stored."""

    __tablename__ = "invitations"
    id: Mapped[str] = mapped_column(String(16), primary_key=True)  # the code's public first group
    campaign_id: Mapped[str] = mapped_column(ForeignKey("campaigns.id"), index=True)
    legal_entity: Mapped[str] = mapped_column(ForeignKey("legal_entities.finess"))
    code_hash: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    created_by: Mapped[str] = mapped_column(String(200), default="")
    expires_at: Mapped[dt.datetime] = mapped_column(DateTime)
    revoked_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    revoked_by: Mapped[str | None] = mapped_column(String(200))


class InvitationSite(Base):
    __tablename__ = "invitation_sites"
    invitation_id: Mapped[str] = mapped_column(ForeignKey("invitations.id", ondelete="CASCADE"), primary_key=True)
    site: Mapped[str] = mapped_column(ForeignKey("sites.finess"), primary_key=True)


class AuditEntry(Base):
    """Who changed what and when, from what to what."""

    __tablename__ = "audit_log"
    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    actor: Mapped[str] = mapped_column(String(200))
    action: Mapped[str] = mapped_column(String(40))
    entity: Mapped[str] = mapped_column(String(40))
    entity_id: Mapped[str] = mapped_column(String(200))
    campaign_id: Mapped[str | None] = mapped_column(String(64), index=True)  # index added by 0002
    site: Mapped[str | None] = mapped_column(FINESS)
    before: Mapped[dict | None] = mapped_column(JSON)
    after: Mapped[dict | None] = mapped_column(JSON)
