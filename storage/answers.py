"""Answers with optimistic locking per item, comments and evidence.

The shared (consensus) answer of an item carries a version: a save names the version it was
based on, and a save based on a stale version is refused, naming who saved meanwhile, while
the newer answer is kept. Two people on different items never conflict. A respondent's
individual contribution (``respondent`` != '') belongs to that respondent alone.
"""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace
from collections.abc import Sequence
from dataclasses import asdict, dataclass

from sqlalchemy import and_, bindparam, insert, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from storage import audit
from storage.campaigns import require_open
from continuum.problems import ProblemError
from storage.errors import StaleAnswer, fail, forbidden, not_found
from storage.models import AuditEntry, Campaign, utcnow
from storage.models_responses import Answer, Evidence, Participant, Response
from storage.responses import require_editable
from storage.scope import Scope, require_writable, response_clause
from storage.versioning import mark_written

FLAGS = ("", "not_applicable", "dont_know")
VALUE_FIELDS = ("flag", "status", "extent", "priority", "value", "choices", "number", "na_reason", "comment")


@dataclass(frozen=True)
class AnswerInput:
    """What a person enters for one item; empty strings stand for "no value", ``number`` None."""

    flag: str = ""
    status: str = ""
    extent: str = ""
    priority: str = ""
    value: str = ""
    choices: str | Sequence[str] = ""
    number: float | None = None
    na_reason: str = ""
    comment: str = ""

    def values(self) -> dict:
        data = asdict(self)
        if not isinstance(self.choices, str):
            data["choices"] = "|".join(self.choices)
        return data


@dataclass(frozen=True)
class SavedAnswer:
    response_id: str
    item_id: str
    entry: int
    respondent: str
    version: int
    updated_at: dt.datetime
    updated_by: str


def _key(response_id: str, item_id: str, entry: int, respondent: str):
    return (Answer.response_id == response_id, Answer.item_id == item_id, Answer.entry == entry,
            Answer.respondent == respondent)


CURRENT_FIELDS = (*VALUE_FIELDS, "version", "updated_at", "updated_by")


def _current(session: Session, key) -> dict | None:
    row = session.connection().execute(select(*(getattr(Answer, f) for f in CURRENT_FIELDS)).where(*key)).first()
    return dict(row._mapping) if row is not None else None


def editable_response(session: Session, scope: Scope, response_id: str) -> Response:
    """The response, share-locked on PostgreSQL so that a concurrent submit waits for this save."""
    require_writable(scope, f"response/{response_id}")
    query = (select(Response, Campaign).join(Campaign, Campaign.id == Response.campaign_id)
             .where(Response.id == response_id, response_clause(scope)).with_for_update(read=True, of=Response))
    row = session.execute(query).first()
    if row is None:
        raise not_found("response-unknown", "response", response_id)
    response, campaign = row
    require_open(campaign)
    require_editable(response)
    return response


def _state(session: Session, scope: Scope, response_id: str, key_values: dict, location: str):
    """In one round trip: the response (share-locked), its campaign's status and the current answer."""
    require_writable(scope, location)
    on = and_(*(getattr(Answer, k) == v for k, v in key_values.items()))
    query = (select(Response.site, Response.campaign_id, Response.status.label("response_status"),
                    Campaign.status.label("campaign_status"), *(getattr(Answer, f) for f in CURRENT_FIELDS))
             .join(Campaign, Campaign.id == Response.campaign_id).outerjoin(Answer, on)
             .where(Response.id == response_id, response_clause(scope)).with_for_update(read=True, of=Response))
    row = session.connection().execute(query).first()
    if row is None:
        raise not_found("response-unknown", "response", response_id)
    require_open(SimpleNamespace(id=row.campaign_id, status=row.campaign_status))
    require_editable(SimpleNamespace(id=response_id, status=row.response_status))
    current = {f: getattr(row, f) for f in CURRENT_FIELDS} if row.version is not None else None
    return row, current


def _check_input(answer: AnswerInput, location: str, respondent: str, scope: Scope) -> None:
    if answer.flag not in FLAGS:
        fail("flag-unknown", location, f"Unknown flag '{answer.flag}'.", "Use not_applicable or dont_know.",
             found=answer.flag)
    if answer.flag == "not_applicable" and not answer.na_reason.strip():
        fail("na-reason-missing", location, "'Not applicable' needs a short reason.",
             "Say in a few words why this practice does not apply here.")
    if respondent and respondent != scope.person_id and not scope.is_coordinator:
        raise forbidden(location, "An individual contribution belongs to its respondent alone.",
                        "Edit your own contribution, or the team's shared answer.")


def save_answer(session: Session, scope: Scope, response_id: str, item_id: str, answer: AnswerInput, *,
                base_version: int | None, entry: int = -1, respondent: str = "") -> SavedAnswer:
    """Save one answer if nobody saved it since ``base_version`` (0 or None: "there was no answer").

    Raises `StaleAnswer` (code ``stale-answer``) otherwise; the newer answer is kept and the
    error names who saved it and when. Draft autosaves go through here too, so they never
    overwrite newer answers. Core statements keep a save to three round trips before commit.
    """
    location = f"response/{response_id}/{item_id}" + (f"[{entry}]" if entry >= 0 else "")
    _check_input(answer, location, respondent, scope)
    key_values = {"response_id": response_id, "item_id": item_id, "entry": entry, "respondent": respondent}
    response, current = _state(session, scope, response_id, key_values, location)
    if respondent and session.execute(select(Participant.id).where(
            Participant.response_id == response_id, Participant.person_id == respondent)).first() is None:
        raise not_found("respondent-unknown", "respondent", respondent)
    if current is not None and current["version"] != (base_version or 0):
        raise StaleAnswer(location, base_version, current)
    key = _key(**key_values)
    values, now, connection = answer.values(), utcnow(), session.connection()
    if current is None:
        if base_version:
            fail("answer-unknown", location, "The answer you edited no longer exists.", "Reload the page.")
        done = _insert(session, response_id, item_id, entry, respondent, values, scope.actor, now)
        version = 1
    else:
        version = current["version"] + 1
        done = connection.execute(update(Answer).where(*key, Answer.version == current["version"])
                                  .values(**values, version=version, updated_at=now, updated_by=scope.actor)
                                  .returning(Answer.id)).first() is not None
    if not done:  # someone saved between our read and our write
        raise StaleAnswer(location, base_version, _current(session, key) or {})
    before = {f: current[f] for f in VALUE_FIELDS} if current else None
    connection.execute(insert(AuditEntry), [{
        "at": now, "actor": scope.actor or str(scope), "action": "save", "entity": "answer", "entity_id": location,
        "campaign_id": response.campaign_id, "site": response.site, "before": before, "after": values}])
    mark_written(session)
    return SavedAnswer(response_id, item_id, entry, respondent, version, now, scope.actor)


def save_answers(session: Session, scope: Scope, response_id: str,
                 rows: Sequence[tuple[str, int, AnswerInput, int | None]]) -> int:
    """Save many shared answers in a few statements; all or nothing. Returns how many answers changed.

    ``rows`` are ``(item_id, entry, answer, base_version)``. The current answers are read
    once and locked (``FOR UPDATE`` on PostgreSQL; SQLite writes are already serialised by
    ``BEGIN IMMEDIATE``), so the version check holds as in `save_answer`: one stale base
    refuses the whole batch, naming who saved meanwhile. An answer saved unchanged keeps its
    version (nobody editing it online is made stale); every change is audited.
    """
    response, current = _locked_batch(session, scope, response_id, [(i, e, a) for i, e, a, _ in rows])
    stale = [StaleAnswer(_location(response_id, item_id, entry), base, current[(item_id, entry)])
             for item_id, entry, _, base in rows
             if (item_id, entry) in current and current[(item_id, entry)]["version"] != (base or 0)]
    if stale:
        raise ProblemError([p for error in stale for p in error.problems])
    return _write_batch(session, scope, response, current, [(i, e, a) for i, e, a, _ in rows])


def replace_answers(session: Session, scope: Scope, response_id: str,
                    rows: Sequence[tuple[str, int, AnswerInput]]) -> int:
    """An import's write: each shared answer replaces the current one, read and locked in this transaction.

    The import is one more saver: every changed answer gets a new version, so a person who
    edited it online from the older version is refused as stale and told who imported; an
    unchanged answer keeps its version. One read, one insert and one update for the whole file.
    """
    response, current = _locked_batch(session, scope, response_id, rows)
    return _write_batch(session, scope, response, current, rows)


def _location(response_id: str, item_id: str, entry: int) -> str:
    return f"response/{response_id}/{item_id}" + (f"[{entry}]" if entry >= 0 else "")


def _locked_batch(session: Session, scope: Scope, response_id: str,
                  rows: Sequence[tuple[str, int, AnswerInput]]) -> tuple[Response, dict[tuple[str, int], dict]]:
    """The editable response and its current shared answers (locked), after checking every input."""
    response = editable_response(session, scope, response_id)
    for item_id, entry, answer in rows:
        _check_input(answer, _location(response_id, item_id, entry), "", scope)
    query = (select(Answer.id, Answer.item_id, Answer.entry, *(getattr(Answer, f) for f in CURRENT_FIELDS))
             .where(Answer.response_id == response_id, Answer.respondent == "").with_for_update())
    current = {(r.item_id, r.entry): dict(r._mapping) for r in session.connection().execute(query)}
    return response, current


def _write_batch(session: Session, scope: Scope, response: Response, current: dict[tuple[str, int], dict],
                 rows: Sequence[tuple[str, int, AnswerInput]]) -> int:
    """Insert the new answers, update the changed ones, audit each change: three statements in all."""
    now, actor, inserts, updates, audits = utcnow(), scope.actor, [], [], []
    for item_id, entry, answer in rows:
        values, row = answer.values(), current.get((item_id, entry))
        before = {f: row[f] for f in VALUE_FIELDS} if row is not None else None
        if before == values:
            continue
        if row is None:
            inserts.append({"response_id": response.id, "item_id": item_id, "entry": entry, "respondent": "",
                            "version": 1, "updated_at": now, "updated_by": actor, **values})
        else:
            updates.append({"answer_id": row["id"], "new_version": row["version"] + 1, "updated_at": now,
                            "updated_by": actor, **values})
        audits.append({"at": now, "actor": actor or str(scope), "action": "save", "entity": "answer",
                       "entity_id": _location(response.id, item_id, entry), "campaign_id": response.campaign_id,
                       "site": response.site, "before": before, "after": values})
    connection = session.connection()
    if inserts:
        _insert_new(session, response, inserts)
    if updates:
        connection.execute(update(Answer).where(Answer.id == bindparam("answer_id"))
                           .values(version=bindparam("new_version"), updated_at=bindparam("updated_at"),
                                   updated_by=bindparam("updated_by"),
                                   **{f: bindparam(f) for f in VALUE_FIELDS}), updates)
    if audits:
        connection.execute(insert(AuditEntry), audits)
        mark_written(session)
    return len(audits)


def _insert_new(session: Session, response: Response, rows: list[dict]) -> None:
    """Insert answers that did not exist when read; one that someone created meanwhile makes the batch stale."""
    dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    statement = (dialect.insert(Answer).on_conflict_do_nothing(index_elements=["response_id", "item_id", "entry",
                                                                              "respondent"])
                 .returning(Answer.item_id, Answer.entry, sort_by_parameter_order=True))
    done = {(r.item_id, r.entry) for r in session.connection().execute(statement, rows)}
    lost = [r for r in rows if (r["item_id"], r["entry"]) not in done]
    if lost:
        errors = [StaleAnswer(_location(response.id, r["item_id"], r["entry"]), None, _current(session, _key(
            response.id, r["item_id"], r["entry"], "")) or {}) for r in lost]
        raise ProblemError([p for error in errors for p in error.problems])


def _insert(session: Session, response_id: str, item_id: str, entry: int, respondent: str, values: dict,
            actor: str, now: dt.datetime) -> bool:
    dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    statement = dialect.insert(Answer).values(response_id=response_id, item_id=item_id, entry=entry,
                                              respondent=respondent, version=1, updated_at=now, updated_by=actor,
                                              **values)
    statement = statement.on_conflict_do_nothing(index_elements=["response_id", "item_id", "entry", "respondent"])
    return session.connection().execute(statement.returning(Answer.id)).first() is not None


def get_answers(session: Session, scope: Scope, response_id: str, *, respondent: str | None = "") -> list[dict]:
    """Answers of a response, each with its ``version`` to save against; ``respondent=None`` gives every one."""
    query = (select(Answer).join(Response, Response.id == Answer.response_id)
             .where(Answer.response_id == response_id, response_clause(scope)))
    if respondent is not None:
        query = query.where(Answer.respondent == respondent)
    rows = session.execute(query.order_by(Answer.item_id, Answer.entry, Answer.respondent)).scalars().all()
    if not rows and session.execute(select(Response.id).where(Response.id == response_id,
                                                              response_clause(scope))).first() is None:
        raise not_found("response-unknown", "response", response_id)
    keys = ("item_id", "entry", "respondent", *VALUE_FIELDS, "version", "updated_at", "updated_by")
    return [{k: getattr(r, k) for k in keys} for r in rows]


def add_evidence(session: Session, scope: Scope, response_id: str, item_id: str, description: str, *,
                 url: str = "", entry: int = -1, respondent: str = "") -> int:
    """Evidence for an item (a description and an optional link); never anything identifying a patient."""
    response = editable_response(session, scope, response_id)
    row = Evidence(response_id=response_id, item_id=item_id, entry=entry, respondent=respondent,
                   description=description, url=url, created_by=scope.actor)
    session.add(row)
    session.flush()
    audit.record(session, scope, "create", "evidence", str(row.id), campaign_id=response.campaign_id,
                 site=response.site, after={"item_id": item_id, "description": description, "url": url})
    return row.id


def list_evidence(session: Session, scope: Scope, response_id: str) -> list[dict]:
    rows = session.execute(select(Evidence).join(Response, Response.id == Evidence.response_id)
                           .where(Evidence.response_id == response_id, response_clause(scope))
                           .order_by(Evidence.id)).scalars()
    return [{"id": e.id, "item_id": e.item_id, "entry": e.entry, "respondent": e.respondent,
             "description": e.description, "url": e.url, "created_by": e.created_by, "created_at": e.created_at}
            for e in rows]
