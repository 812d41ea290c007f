"""Establishments, consents and peer groups: bad input gets a clear error and leaves the database unchanged."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from continuum.problems import ProblemError
from continuum.reference import finess_with_key
from storage.engine import read_session, write_session
from storage.establishments import (add_legal_entity, add_site, create_peer_group, get_consents, get_site, list_sites,
                                    require_site_finess, set_consent)
from storage.models import AuditEntry, Site


def codes(error: ProblemError) -> list[str]:
    return [p.code for p in error.problems]


def site_count(engine) -> int:
    with read_session(engine) as s:
        return s.execute(select(func.count()).select_from(Site)).scalar()


@pytest.mark.parametrize("number, code", [
    ("44000010", "finess-invalid"),  # too short
    ("440000109", "finess-invalid"),  # wrong check key (the valid one ends differently)
    ("4400001A5", "finess-invalid"),
])
def test_a_malformed_finess_is_refused_and_nothing_is_written(world, number, code):
    if number == "440000109" and finess_with_key("44000010").endswith("9"):
        number = "440000108"
    before = site_count(world.engine)
    with pytest.raises(ProblemError) as caught, write_session(world.engine) as s:
        add_site(s, world.national, number, world.ej, "X", "ch", "public", "52")
    assert codes(caught.value) == [code]
    assert site_count(world.engine) == before


def test_every_problem_of_a_site_is_reported_at_once(world):
    with pytest.raises(ProblemError) as caught, write_session(world.engine) as s:
        add_site(s, world.national, "123", world.ej, "X", "hospital", "state", "99")
    assert codes(caught.value) == ["finess-invalid", "category-unknown", "legal-status-unknown", "region-unknown"]


def test_an_ej_given_where_an_et_is_expected_is_named(world):
    with pytest.raises(ProblemError) as caught, read_session(world.engine) as s:
        require_site_finess(s, world.ej)
    problem = caught.value.problems[0]
    assert problem.code == "finess-is-legal-entity"
    assert world.site_a1 in problem.fix and "CHU Nantes" in problem.message


def test_a_duplicate_establishment_is_refused(world):
    with pytest.raises(ProblemError) as caught, write_session(world.engine) as s:
        add_site(s, world.national, world.site_a1, world.ej, "Again", "chu", "public", "52")
    assert codes(caught.value) == ["establishment-duplicate"]
    with pytest.raises(ProblemError) as caught, write_session(world.engine) as s:
        add_legal_entity(s, world.national, world.ej, "Again", "chu", "public", "52")
    assert codes(caught.value) == ["establishment-duplicate"]


def test_sites_are_listed_within_the_callers_scope(world):
    with read_session(world.engine) as s:
        assert {x.finess for x in list_sites(s, world.coordinator_a)} == {world.site_a1, world.site_a2}
        assert {x.finess for x in list_sites(s, world.team_a)} == {world.site_a1}
        assert len(list_sites(s, world.national)) == 3
        with pytest.raises(ProblemError) as caught:
            get_site(s, world.team_a, world.site_b)
        assert codes(caught.value) == ["site-unknown"]


def test_a_regional_coordinator_registers_only_in_their_region(world):
    with pytest.raises(ProblemError) as caught, write_session(world.engine) as s:
        add_site(s, world.coordinator_a, finess_with_key("35000020"), world.ej_b, "X", "clinic",
                 "private_for_profit", "53")
    assert codes(caught.value) == ["forbidden"]


def test_three_consents_are_kept_apart_with_who_and_when(world):
    with write_session(world.engine) as s:
        set_consent(s, world.team_a, world.site_a1, "results_to_ars", True, "Directrice")
    with read_session(world.engine) as s:
        consents = get_consents(s, world.team_a, world.site_a1)
        assert consents["results_to_ars"]["granted"] and consents["results_to_ars"]["given_by"] == "Directrice"
        assert not consents["named_to_peers"]["granted"] and not consents["cited_as_example"]["granted"]
        assert s.execute(select(AuditEntry).where(AuditEntry.entity == "consent")).scalar_one().site == world.site_a1
        with pytest.raises(ProblemError):
            get_consents(s, world.team_b, world.site_a1)


def test_a_peer_group_close_to_an_existing_one_is_refused(world):
    sites = [finess_with_key(f"440001{i:02d}") for i in range(8)]
    with write_session(world.engine) as s:
        for number in sites:
            add_site(s, world.national, number, world.ej, number, "ch", "public", "52")
        create_peer_group(s, world.national, "first", sites[:6])
    with pytest.raises(ProblemError) as caught, write_session(world.engine) as s:
        create_peer_group(s, world.national, "second", sites[:8])  # differs by 2
    assert codes(caught.value) == ["peer-group-too-close"]
    with pytest.raises(ProblemError) as caught, write_session(world.engine) as s:
        create_peer_group(s, world.team_a, "mine", sites)
    assert codes(caught.value) == ["forbidden"]
