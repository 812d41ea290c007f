"""Roles become scopes in one place: what each role can read, on the hand-built world (SQLite and PostgreSQL)."""

from __future__ import annotations

import pytest

from accounts.scopes import choices, resolve_scope
from continuum.problems import ProblemError
from storage.answers import AnswerInput, get_answers, save_answer
from storage.engine import read_session, write_session
from storage.establishments import set_consent
from storage.responses import get_response
from storage.scope import Scope

from acc_support import make_user


def _scope(engine, created, acting_for=None):
    with read_session(engine) as s:
        return resolve_scope(s, created.user.id, created.user.role, actor=created.user.display_name,
                             person_id=created.user.person_id, acting_for=acting_for)


def test_isolation_a_member_of_two_establishments_acts_for_the_one_chosen(world):
    response_a, response_b = world.response(world.team_a), world.response(world.team_b)
    ru = make_user(world.engine, "ru", "establishment", sites=[world.site_a1, world.site_b])
    assert _scope(world.engine, ru) is None  # must choose first
    with read_session(world.engine) as s:
        options = {c.key: c.sites for c in choices(s, ru.user.id)}
    assert options == {world.ej: (world.site_a1,), world.ej_b: (world.site_b,)}
    acting_for_a = _scope(world.engine, ru, acting_for=(world.site_a1,))
    with read_session(world.engine) as s:
        assert get_response(s, acting_for_a, response_a).id == response_a
        with pytest.raises(ProblemError):
            get_response(s, acting_for_a, response_b)
    assert _scope(world.engine, ru, acting_for=("350000000",)) is None  # a forged choice gives nothing


def test_isolation_the_admin_role_reads_no_answer(world):
    response = world.response(world.team_a)
    with write_session(world.engine) as s:
        save_answer(s, world.team_a, response, "care.info", AnswerInput(status="in_place"), base_version=0)
    admin = make_user(world.engine, "root", "admin")
    with read_session(world.engine) as s, pytest.raises(ProblemError):
        get_answers(s, _scope(world.engine, admin), response)


def test_isolation_an_ars_analyst_sees_only_consenting_establishments_of_its_region(world):
    response_a, response_b = world.response(world.team_a), world.response(world.team_b)
    ars = make_user(world.engine, "ars", "ars", regions=[world.region_a])
    with read_session(world.engine) as s, pytest.raises(ProblemError):
        get_response(s, _scope(world.engine, ars), response_a)
    with write_session(world.engine) as s:
        set_consent(s, world.team_a, world.site_a1, "results_to_ars", True, "Alice")
        set_consent(s, world.team_b, world.site_b, "results_to_ars", True, "Bruno")  # another region
    with read_session(world.engine) as s:
        assert get_response(s, _scope(world.engine, ars), response_a).id == response_a
        with pytest.raises(ProblemError):
            get_response(s, _scope(world.engine, ars), response_b)
    analyst = _scope(world.engine, ars)
    assert analyst.read_only and analyst.sites == {world.site_a1}
    assert analyst.aggregate_regions == {world.region_a} and not analyst.is_coordinator  # its region's aggregates


def test_isolation_a_facilitator_and_a_coordinator_stay_within_their_assignment(world):
    response_a, response_b = world.response(world.team_a), world.response(world.team_b)
    facilitator = make_user(world.engine, "fanny", "facilitator", sites=[world.site_a1])
    coordinator = make_user(world.engine, "regine", "coordinator", regions=[world.region_a])
    with read_session(world.engine) as s:
        assert get_response(s, _scope(world.engine, facilitator), response_a).id == response_a
        for scope in (_scope(world.engine, facilitator), _scope(world.engine, coordinator)):
            with pytest.raises(ProblemError):
                get_response(s, scope, response_b)
        assert get_response(s, _scope(world.engine, coordinator), response_a).id == response_a


def test_isolation_a_peer_group_belongs_to_its_coordinator_region(world):
    from continuum.reference import finess_with_key
    from storage.directory import peer_groups
    from storage.establishments import add_site, create_peer_group, peer_group_sites

    sites = [world.site_a1, world.site_a2] + [finess_with_key(f"4400{n}000") for n in range(3, 7)]
    coordinator_b = Scope.region([world.region_b], actor="Bérénice (SRA 53)")
    with write_session(world.engine) as s:
        for number in sites[2:]:
            add_site(s, world.national, number, world.ej, f"Site {number}", "chu", "public", world.region_a)
        create_peer_group(s, world.coordinator_a, "CHU de la région", sites)  # no region given, as the page does
    with read_session(world.engine) as s:
        assert peer_group_sites(s, world.coordinator_a, "CHU de la région") == set(sites)
        assert list(peer_groups(s, world.coordinator_a)) == ["CHU de la région"]
        assert peer_groups(s, coordinator_b) == {}
        with pytest.raises(ProblemError):
            peer_group_sites(s, coordinator_b, "CHU de la région")
    with write_session(world.engine) as s, pytest.raises(ProblemError) as error:
        create_peer_group(s, world.coordinator_a, "Étiqueté ailleurs", sites[:5], region=world.region_b)
    assert error.value.problems[0].code == "forbidden"


def test_isolation_an_ars_analyst_reads_a_consenting_establishment_and_changes_nothing(world):
    response_a = world.response(world.team_a)
    with write_session(world.engine) as s:
        save_answer(s, world.team_a, response_a, "care.info", AnswerInput(status="in_place"), base_version=0)
        set_consent(s, world.team_a, world.site_a1, "results_to_ars", True, "Alice")
    ars = _scope(world.engine, make_user(world.engine, "ars", "ars", regions=[world.region_a]))
    with read_session(world.engine) as s:
        assert [a["status"] for a in get_answers(s, ars, response_a)] == ["in_place"]
    for change in (lambda s: save_answer(s, ars, response_a, "care.info", AnswerInput(status="not_in_place"),
                                         base_version=1),
                   lambda s: set_consent(s, ars, world.site_a1, "results_to_ars", False, "ARS")):
        with write_session(world.engine) as s, pytest.raises(ProblemError) as error:
            change(s)
        assert error.value.problems[0].code == "forbidden"
    with read_session(world.engine) as s:
        assert [a["status"] for a in get_answers(s, world.team_a, response_a)] == ["in_place"]
