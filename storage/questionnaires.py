"""Published questionnaire versions: stored once, immutable, and kept for every response filled under them."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import lru_cache

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from storage import audit
from storage.engine import write_session
from storage.errors import fail, not_found
from storage.models import QuestionnaireVersion, utcnow
from storage.scope import Scope


@dataclass(frozen=True)
class PublishedVersion:
    questionnaire_id: str
    version: str
    yaml_text: str
    content_hash: str
    published_by: str
    created: bool = False  # False when the same content was already published (a no-op)


def content_hash_of(yaml_text: str) -> str:
    """The hash used when the caller has none: sha256 of the UTF-8 text."""
    return "sha256:" + hashlib.sha256(yaml_text.encode("utf-8")).hexdigest()


def _as_published(row: QuestionnaireVersion, created: bool = False) -> PublishedVersion:
    return PublishedVersion(row.questionnaire_id, row.version, row.yaml_text, row.content_hash, row.published_by,
                            created)


def publish_questionnaire(bind: Session | Engine, questionnaire_id: str, version: str, yaml_text: str,
                          content_hash: str | None = None, *, scope: Scope | None = None) -> PublishedVersion:
    """Store a validated questionnaire version: its YAML text and content hash (the caller validates).

    ``bind`` is a Session (the caller commits) or an Engine (committed here). Publishing the same
    id and version again with the same hash is a no-op (``created`` is False); with a different hash
    it is refused with ``published-version-changed``: publish a new version instead. ``scope`` must be a
    coordinator's; it defaults to a national one for the CLI. ``content_hash`` defaults to sha256 of the text.
    """
    if isinstance(bind, Engine):
        with write_session(bind) as session:
            return publish_questionnaire(session, questionnaire_id, version, yaml_text, content_hash, scope=scope)
    session, scope = bind, scope or Scope.national(actor="continuum questionnaire publish")
    if not scope.is_coordinator:
        fail("forbidden", f"questionnaire/{questionnaire_id}@{version}", "Only coordinators publish questionnaires.")
    content_hash = content_hash or content_hash_of(yaml_text)
    existing = session.get(QuestionnaireVersion, (questionnaire_id, version))
    if existing is not None:
        if existing.content_hash == content_hash:
            return _as_published(existing)
        fail("published-version-changed", f"questionnaire/{questionnaire_id}@{version}",
             f"Version {version} of '{questionnaire_id}' is already published with different content; "
             "published versions never change, because responses are scored under them.",
             "Give the changed questionnaire a new version number and publish that.",
             found=content_hash, expected=existing.content_hash)
    row = QuestionnaireVersion(questionnaire_id=questionnaire_id, version=version, yaml_text=yaml_text,
                               content_hash=content_hash, published_at=utcnow(), published_by=scope.actor)
    session.add(row)
    session.flush()
    audit.record(session, scope, "publish", "questionnaire", f"{questionnaire_id}@{version}",
                 after={"content_hash": content_hash})
    return _as_published(row, created=True)


def get_published(bind: Session | Engine, questionnaire_id: str, version: str) -> PublishedVersion:
    """A published version; questionnaires are public to every signed-in caller, so no scope is needed."""
    if isinstance(bind, Engine):
        with Session(bind) as session:
            return get_published(session, questionnaire_id, version)
    session = bind
    row = session.get(QuestionnaireVersion, (questionnaire_id, version))
    if row is None:
        known = [f"{q}@{v}" for q, v in session.execute(
            select(QuestionnaireVersion.questionnaire_id, QuestionnaireVersion.version))]
        raise not_found("questionnaire-version-unknown", "questionnaire version", f"{questionnaire_id}@{version}",
                        known)
    return _as_published(row)


@lru_cache(maxsize=32)
def _parsed(questionnaire_id: str, version: str, yaml_text: str):
    from questionnaires.loader import load_questionnaire_text

    return load_questionnaire_text(yaml_text, f"{questionnaire_id}-{version}.yaml")


def published_questionnaire(bind: Session | Engine, questionnaire_id: str, version: str):
    """A published version as a ``Questionnaire``; versions are immutable, so the model is kept in memory by its text."""
    return _parsed(questionnaire_id, version, get_published(bind, questionnaire_id, version).yaml_text)


def list_published(bind: Session | Engine, questionnaire_id: str | None = None) -> list[PublishedVersion]:
    """Every published version, oldest first per questionnaire."""
    if isinstance(bind, Engine):
        with Session(bind) as session:
            return list_published(session, questionnaire_id)
    session = bind
    query = select(QuestionnaireVersion)
    if questionnaire_id:
        query = query.where(QuestionnaireVersion.questionnaire_id == questionnaire_id)
    query = query.order_by(QuestionnaireVersion.questionnaire_id, QuestionnaireVersion.published_at)
    return [_as_published(r) for r in session.execute(query).scalars()]
