"""The caller's scope: one establishment (a site or several sites of one legal entity), some regions, or national.

Every repository function takes a `Scope` and applies it inside its query, never after
loading: a page never filters rows itself.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal

from sqlalchemy import ColumnElement, exists, select, true

from storage.models import Site
from storage.models_responses import Response, ResponseSite

ScopeKind = Literal["establishment", "region", "national"]


@dataclass(frozen=True)
class Scope:
    kind: ScopeKind
    sites: frozenset[str] = field(default_factory=frozenset)
    regions: frozenset[str] = field(default_factory=frozenset)
    campaign_id: str | None = None  # invitation scopes are bound to one campaign
    actor: str = ""  # who acts, as shown in the audit log and in conflict messages
    person_id: str | None = None  # the respondent the caller is, for individual contributions
    read_only: bool = False  # reads what it covers, writes nothing (an ARS analyst): refused by ``audit.record``

    @classmethod
    def establishment(cls, sites: Iterable[str], *, campaign_id: str | None = None, actor: str = "",
                      person_id: str | None = None, read_only: bool = False) -> Scope:
        return cls("establishment", sites=frozenset(s.strip().upper() for s in sites),
                   campaign_id=campaign_id, actor=actor, person_id=person_id, read_only=read_only)

    @classmethod
    def region(cls, regions: Iterable[str], *, actor: str = "") -> Scope:
        return cls("region", regions=frozenset(regions), actor=actor)

    @classmethod
    def national(cls, *, actor: str = "") -> Scope:
        return cls("national", actor=actor)

    @property
    def is_coordinator(self) -> bool:
        """Regional and national scopes belong to coordinators (SRA, federation)."""
        return self.kind != "establishment"

    def as_actor(self, actor: str, person_id: str | None = None) -> Scope:
        return Scope(self.kind, self.sites, self.regions, self.campaign_id, actor, person_id or self.person_id,
                     self.read_only)

    def __str__(self) -> str:
        if self.kind == "national":
            return "national"
        values = self.sites if self.kind == "establishment" else self.regions
        return f"{self.kind}:{','.join(sorted(values))}"


def site_clause(scope: Scope, site_column, region_column=None) -> ColumnElement[bool]:
    """Rows whose site is visible to ``scope``; ``region_column`` saves a join when the row has one."""
    if scope.kind == "national":
        return true()
    if scope.kind == "establishment":
        return site_column.in_(scope.sites)
    if region_column is not None:
        return region_column.in_(scope.regions)
    return site_column.in_(select(Site.finess).where(Site.region.in_(scope.regions)))


def response_clause(scope: Scope) -> ColumnElement[bool]:
    """Responses visible to ``scope``: any covered site for an establishment, the first site's region otherwise."""
    if scope.kind == "national":
        return true()
    if scope.kind == "region":
        return Response.site.in_(select(Site.finess).where(Site.region.in_(scope.regions)))
    covered = exists().where(ResponseSite.response_id == Response.id, ResponseSite.site.in_(scope.sites))
    if scope.campaign_id is not None:
        return covered & (Response.campaign_id == scope.campaign_id)
    return covered


def region_clause(scope: Scope, region_column) -> ColumnElement[bool]:
    if scope.kind == "national":
        return true()
    if scope.kind == "region":
        return region_column.in_(scope.regions)
    return region_column.in_(select(Site.region).where(Site.finess.in_(scope.sites)))


def require_writable(scope: Scope, location: str) -> None:
    """Refuse any change by a read-only scope (an ARS analyst reads consented results and changes nothing)."""
    if scope.read_only:
        from storage.errors import forbidden

        raise forbidden(location, "This role reads results; it changes nothing.",
                        "Ask the establishment or its regional coordinator to make the change.")
