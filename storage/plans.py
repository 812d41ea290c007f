"""What a team decides after its self-assessment: targets per level, action-plan rows, and inventory initiatives."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from continuum.problems import ProblemError
from storage import audit
from storage.answers import editable_response
from storage.errors import fail, not_found, problem
from storage.models import utcnow
from storage.models_responses import ActionItem, Answer, Initiative, Response, Target
from storage.scope import Scope, response_clause

ACTION_KINDS = ("consolidate", "go_further", "decision_to_take", "own")
ACTION_STATUSES = ("planned", "in_progress", "done", "abandoned")
ACTION_FIELDS = ("action", "item_id", "level", "degree", "kind", "why", "owner", "deadline", "indicator", "source",
                 "status")


def set_target(session: Session, scope: Scope, response_id: str, level: str, degree: str, reason: str = "") -> None:
    """The team's target degree for a level, with its reason; the gap to it is shown with the results."""
    response = editable_response(session, scope, response_id)
    row = session.execute(select(Target).where(Target.response_id == response_id, Target.level == level)
                          ).scalar_one_or_none()
    before = {"degree": row.degree, "reason": row.reason} if row else None
    if row is None:
        row = Target(response_id=response_id, level=level)
        session.add(row)
    row.degree, row.reason, row.set_by, row.set_at = degree, reason, scope.actor, utcnow()
    audit.record(session, scope, "target", "response", f"{response_id}/{level}", campaign_id=response.campaign_id,
                 site=response.site, before=before, after={"degree": degree, "reason": reason})


def list_targets(session: Session, scope: Scope, response_id: str) -> dict[str, dict]:
    rows = session.execute(select(Target).join(Response, Response.id == Target.response_id)
                           .where(Target.response_id == response_id, response_clause(scope))).scalars()
    return {t.level: {"degree": t.degree, "reason": t.reason, "set_by": t.set_by, "set_at": t.set_at} for t in rows}


def _check_action(fields: dict, location: str) -> None:
    problems = []
    if "kind" in fields and fields["kind"] not in ACTION_KINDS:
        problems.append(problem("action-kind-unknown", location, f"Unknown kind '{fields['kind']}'.",
                                "Use one of: " + ", ".join(ACTION_KINDS), found=str(fields["kind"])))
    if "status" in fields and fields["status"] not in ACTION_STATUSES:
        problems.append(problem("action-status-unknown", location, f"Unknown status '{fields['status']}'.",
                                "Use one of: " + ", ".join(ACTION_STATUSES), found=str(fields["status"])))
    if "action" in fields and not str(fields["action"]).strip():
        problems.append(problem("action-empty", location, "An action needs a description.", "Say what will be done."))
    if unknown := set(fields) - set(ACTION_FIELDS):
        problems.append(problem("action-field-unknown", location, f"Unknown fields: {', '.join(sorted(unknown))}.",
                                "Use: " + ", ".join(ACTION_FIELDS)))
    if problems:
        raise ProblemError(problems)


def _plan_response(session: Session, scope: Scope, response_id: str) -> Response:
    """The response whose plan is edited: the plan lives on after submission (teams build it from the results)."""
    response = session.execute(select(Response).where(Response.id == response_id, response_clause(scope))
                               ).scalar_one_or_none()
    if response is None:
        raise not_found("response-unknown", "response", response_id)
    return response


def add_action(session: Session, scope: Scope, response_id: str, action: str, kind: str, **fields) -> int:
    """An action-plan row in the PAQSS shape; the plan stays editable after the answers are submitted."""
    fields = {"action": action, "kind": kind, **fields}
    _check_action(fields, f"response/{response_id}/action")
    response = _plan_response(session, scope, response_id)
    row = ActionItem(response_id=response_id, updated_by=scope.actor, **fields)
    session.add(row)
    session.flush()
    audit.record(session, scope, "create", "action", str(row.id), campaign_id=response.campaign_id,
                 site=response.site, after=fields)
    return row.id


def update_action(session: Session, scope: Scope, action_id: int, **fields) -> None:
    location = f"action/{action_id}"
    _check_action(fields, location)
    row = session.execute(select(ActionItem).join(Response, Response.id == ActionItem.response_id)
                          .where(ActionItem.id == action_id, response_clause(scope))).scalar_one_or_none()
    if row is None:
        raise not_found("action-unknown", "action", str(action_id))
    response = _plan_response(session, scope, row.response_id)
    before = {k: getattr(row, k) for k in fields}
    for key, value in fields.items():
        setattr(row, key, value)
    row.updated_at, row.updated_by = utcnow(), scope.actor
    audit.record(session, scope, "update", "action", str(action_id), campaign_id=response.campaign_id,
                 site=response.site, before=before, after=fields)


def list_actions(session: Session, scope: Scope, response_id: str) -> list[dict]:
    rows = session.execute(select(ActionItem).join(Response, Response.id == ActionItem.response_id)
                           .where(ActionItem.response_id == response_id, response_clause(scope))
                           .order_by(ActionItem.id)).scalars()
    return [{"id": a.id, **{k: getattr(a, k) for k in ACTION_FIELDS}, "updated_at": a.updated_at,
             "updated_by": a.updated_by} for a in rows]


def add_initiative(session: Session, scope: Scope, response_id: str, group_item_id: str, title: str, *,
                   declared_by: str = "", co_declared_by: str = "") -> int:
    """Register an initiative: the next entry of the inventory's group; its answers use that entry number."""
    response = editable_response(session, scope, response_id)
    if not title.strip():
        fail("initiative-title-missing", f"response/{response_id}/{group_item_id}", "An initiative needs a title.",
             "Name the initiative in a few words.")
    entries = session.execute(select(Initiative.entry).where(Initiative.response_id == response_id,
                                                             Initiative.group_item_id == group_item_id)).scalars()
    entry = max(entries, default=-1) + 1
    session.add(Initiative(response_id=response_id, group_item_id=group_item_id, entry=entry, title=title,
                           declared_by=declared_by or scope.actor, co_declared_by=co_declared_by))
    audit.record(session, scope, "create", "initiative", f"{response_id}/{group_item_id}[{entry}]",
                 campaign_id=response.campaign_id, site=response.site, after={"title": title})
    return entry


def remove_initiative(session: Session, scope: Scope, response_id: str, group_item_id: str, entry: int,
                      item_ids: Iterable[str]) -> None:
    """Withdraw an initiative with its entry's answers to ``item_ids`` (the group's sub-items, which only the
    questionnaire knows); the audit log keeps what it was."""
    response = editable_response(session, scope, response_id)
    row = session.execute(select(Initiative).where(Initiative.response_id == response_id,
                                                   Initiative.group_item_id == group_item_id,
                                                   Initiative.entry == entry)).scalar_one_or_none()
    if row is None:
        raise not_found("initiative-unknown", "initiative", f"{group_item_id}[{entry}]")
    answers = session.execute(select(Answer).where(Answer.response_id == response_id, Answer.entry == entry,
                                                   Answer.item_id.in_(list(item_ids)))).scalars().all()
    before = {"title": row.title, "declared_by": row.declared_by, "co_declared_by": row.co_declared_by,
              "answers": {f"{a.item_id}@{a.respondent or 'team'}": a.status or a.value or a.choices for a in answers}}
    for answer in answers:
        session.delete(answer)
    session.delete(row)
    audit.record(session, scope, "delete", "initiative", f"{response_id}/{group_item_id}[{entry}]",
                 campaign_id=response.campaign_id, site=response.site, before=before)


def list_initiatives(session: Session, scope: Scope, response_id: str) -> list[dict]:
    rows = session.execute(select(Initiative).join(Response, Response.id == Initiative.response_id)
                           .where(Initiative.response_id == response_id, response_clause(scope))
                           .order_by(Initiative.group_item_id, Initiative.entry)).scalars()
    return [{"group_item_id": i.group_item_id, "entry": i.entry, "title": i.title, "declared_by": i.declared_by,
             "co_declared_by": i.co_declared_by, "created_at": i.created_at} for i in rows]


