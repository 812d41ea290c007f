"""The caller's scope: one establishment (a site or several sites of one legal entity), some regions, national,
or a national reader.

Every repository function takes a `Scope` and applies it inside its query, never after
loading: a page never filters rows itself.

- ``national`` is the registry and system scope (the CLI, an admin registering establishments and consents,
  storage's own peer loads): it is never given to a person who reads results.
- ``national_reader`` (the national role) reads no response, answer, free text, initiative or action plan:
  its response clause is false. It reads the declared aggregate functions (k ≥ 5) of every region, and the
  individual results of the sites in ``sites``: those that consented to be identified at national level.
- an ARS analyst is an establishment scope over its consenting sites, read-only, whose ``analyst_regions``
  open the aggregate functions for those regions only.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import Literal

from sqlalchemy import ColumnElement, exists, false, select, true

from storage.models import Site
from storage.models_responses import Response, ResponseSite

ScopeKind = Literal["establishment", "region", "national", "national_reader"]


@dataclass(frozen=True)
class Scope:
    kind: ScopeKind
    sites: frozenset[str] = field(default_factory=frozenset)
    regions: frozenset[str] = field(default_factory=frozenset)
    campaign_id: str | None = None  # invitation scopes are bound to one campaign
    actor: str = ""  # who acts, as shown in the audit log and in conflict messages
    person_id: str | None = None  # the respondent the caller is, for individual contributions
    read_only: bool = False  # reads what it covers, writes nothing (an ARS analyst): refused by ``audit.record``
    analyst_regions: frozenset[str] = field(default_factory=frozenset)  # an ARS analyst's regions, for aggregates

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
        """The national registry and system scope: every row. Never a reader's scope (see ``national_reader``)."""
        return cls("national", actor=actor)

    @classmethod
    def national_reader(cls, identified_sites: Iterable[str] = (), *, actor: str = "") -> Scope:
        """Aggregates of every region, and the results of ``identified_sites`` (consented), never an answer."""
        return cls("national_reader", sites=frozenset(s.strip().upper() for s in identified_sites), actor=actor,
                   read_only=True)

    @classmethod
    def analyst(cls, consented_sites: Iterable[str], regions: Iterable[str], *, actor: str = "") -> Scope:
        """An ARS analyst: its consenting sites read-only, and the aggregates of its regions."""
        return replace(cls.establishment(consented_sites, actor=actor, read_only=True),
                       analyst_regions=frozenset(regions))

    @property
    def is_coordinator(self) -> bool:
        """Regional and national scopes belong to coordinators (SRA) and the registry; a reader is none."""
        return self.kind in ("region", "national")

    @property
    def aggregate_regions(self) -> frozenset[str] | None:
        """The regions whose group figures (k ≥ 5) this scope may ask for without naming its own site.

        None: every region (coordinators, whose pages set their region against the nation, and the national
        reader); an ARS analyst's regions; an empty set for an establishment, which only compares itself.
        """
        if self.kind in ("region", "national", "national_reader"):
            return None
        return self.analyst_regions

    def as_actor(self, actor: str, person_id: str | None = None) -> Scope:
        return replace(self, actor=actor, person_id=person_id or self.person_id)

    def __str__(self) -> str:
        if self.kind == "national":
            return "national"
        values = self.regions if self.kind == "region" else self.sites
        text = f"{self.kind}:{','.join(sorted(values))}"
        return text + (f"|aggregates:{','.join(sorted(self.analyst_regions))}" if self.analyst_regions else "")


def site_clause(scope: Scope, site_column, region_column=None) -> ColumnElement[bool]:
    """Rows whose site is visible to ``scope``; ``region_column`` saves a join when the row has one.

    A national reader sees only the sites that consented to be identified at national level (``scope.sites``).
    """
    if scope.kind == "national":
        return true()
    if scope.kind in ("establishment", "national_reader"):
        return site_column.in_(scope.sites)
    if region_column is not None:
        return region_column.in_(scope.regions)
    return site_column.in_(select(Site.finess).where(Site.region.in_(scope.regions)))


def response_clause(scope: Scope) -> ColumnElement[bool]:
    """Responses visible to ``scope``: any covered site for an establishment, the first site's region otherwise.

    None for a national reader: it never reads a response, its answers or anything hanging off it individually.
    """
    if scope.kind == "national":
        return true()
    if scope.kind == "national_reader":
        return false()
    if scope.kind == "region":
        return Response.site.in_(select(Site.finess).where(Site.region.in_(scope.regions)))
    covered = exists().where(ResponseSite.response_id == Response.id, ResponseSite.site.in_(scope.sites))
    if scope.campaign_id is not None:
        return covered & (Response.campaign_id == scope.campaign_id)
    return covered


def region_clause(scope: Scope, region_column) -> ColumnElement[bool]:
    """Rows of the regions ``scope`` works in (campaigns): a national reader follows every region's campaigns."""
    if scope.kind in ("national", "national_reader"):
        return true()
    if scope.kind == "region":
        return region_column.in_(scope.regions)
    own = region_column.in_(select(Site.region).where(Site.finess.in_(scope.sites)))
    return own | region_column.in_(scope.analyst_regions) if scope.analyst_regions else own


def require_writable(scope: Scope, location: str) -> None:
    """Refuse any change by a read-only scope (an ARS analyst reads consented results and changes nothing)."""
    if scope.read_only:
        from storage.errors import forbidden

        raise forbidden(location, "This role reads results; it changes nothing.",
                        "Ask the establishment or its regional coordinator to make the change.")
