"""Isolation: for every storage function that takes a scope, a caller from another establishment, and a
coordinator of another region, gets nothing of establishment B or a refusal. On SQLite and PostgreSQL.

The readers too: a national reader, and an ARS analyst of B's region or of another one, get nothing
individual of B (which did not consent) from any read, and change nothing; a national reader reads B's
results, and only its results, once B consents to be identified at national level.

The list of functions is built by introspection: a new scoped function without a case here fails the suite.
"""

from __future__ import annotations

import importlib
import inspect
import json
from pathlib import Path

import pandas as pd
import pytest

from continuum.problems import ProblemError
from continuum.reference import finess_with_key
from storage.answers import AnswerInput
from storage.engine import make_engine, read_session, temporary_schema, write_session
from storage.migrate import upgrade
from storage.scope import Scope

from fixtures.db import World

ROOT = Path(__file__).resolve().parents[2]
MODULES = ["storage.establishments", "storage.campaigns", "storage.invitations", "storage.responses",
           "storage.answers", "storage.plans", "storage.audit", "storage.frames", "storage.aggregates",
           "storage.questionnaires", "storage.directory", "storage.identified", "accounts.establishment_data"]
NOT_A_READ_OR_WRITE = {  # scoped helpers that are not an entry point, with the reason
    "storage.audit.record": "writes the audit entry of a change already checked by its caller",
    "storage.frames.response_conditions": "builds load_frames' WHERE clauses (the scope's among them); reads nothing",
}


class BWorld(World):
    """The hand-built world, plus everything establishment B (region 53) can own."""

    def __init__(self, engine):
        super().__init__(engine)
        from storage.campaigns import create_campaign
        from storage.establishments import create_peer_group, set_consent
        from storage.invitations import create_invitation
        from storage.plans import add_action, add_initiative, set_target
        from storage.responses import add_participant, add_person
        from storage.answers import add_evidence, save_answer

        self.coordinator_b = Scope.region([self.region_b], actor="Bérénice (SRA 53)")
        self.response_b = self.response(self.team_b)
        with write_session(engine) as s:
            self.person_b = add_person(s, "Bertrand RU", "bertrand@example.org")
            add_participant(s, self.team_b, self.response_b, self.person_b, "ru", individual=True)
            save_answer(s, self.team_b, self.response_b, "care.info", AnswerInput(status="in_place",
                        comment="SECRET-B-COMMENT"), base_version=0)
            save_answer(s, self.team_b.as_actor("Bertrand RU", self.person_b), self.response_b, "care.info",
                        AnswerInput(status="not_in_place"), base_version=0, respondent=self.person_b)
            add_evidence(s, self.team_b, self.response_b, "care.info", "SECRET-B-EVIDENCE")
            set_target(s, self.team_b, self.response_b, "care", "partnership", "SECRET-B-TARGET")
            self.action_b = add_action(s, self.team_b, self.response_b, "SECRET-B-ACTION", "own")
            add_initiative(s, self.team_b, self.response_b, "inv", "SECRET-B-INITIATIVE")
            set_consent(s, self.team_b, self.site_b, "named_to_peers", True, "Bruno")
            create_campaign(s, self.national, "camp-bretagne", "Campagne Bretagne", {"mini": "1.0"}, scope_kind="region",
                            region=self.region_b, status="open")
            self.invitation_b = create_invitation(s, self.coordinator_b, "c1", [self.site_b]).invitation_id
            self.group_b = "Groupe Bretagne"
            create_peer_group(s, self.coordinator_b, self.group_b, [self.site_b], region=self.region_b)
        self.markers = [self.site_b, self.ej_b, self.response_b, "camp-bretagne", self.invitation_b, self.person_b,
                        "SECRET-B", "Clinique Rennes"]


@pytest.fixture(scope="module", params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def bworld(request, tmp_path_factory):
    """One world per backend for the whole module: refused writes roll back, so the world stays as built."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('iso') / 'iso.db'}"
        engine = make_engine(url)
        upgrade(engine)
        yield BWorld(engine)
        engine.dispose()
        return
    with temporary_schema(request.getfixturevalue("postgres_server_url"), prefix="iso") as url:
        engine = make_engine(url)
        upgrade(engine)
        yield BWorld(engine)
        engine.dispose()


# name -> (kind, call(session, scope, world)); each call aims at B's data from outside.
CASES = {
    "storage.establishments.add_legal_entity": ("write", lambda s, sc, w: _mod("establishments").add_legal_entity(s, sc, finess_with_key("35000002"), "X", "ch", "public", "53")),
    "storage.establishments.add_site": ("write", lambda s, sc, w: _mod("establishments").add_site(s, sc, finess_with_key("35000030"), w.ej_b, "X", "clinic", "private_for_profit", "53")),
    "storage.establishments.add_grouping": ("write", lambda s, sc, w: _mod("establishments").add_grouping(s, sc, "GHT-53-99", "ght", "X", region="53")),
    "storage.establishments.get_site": ("read", lambda s, sc, w: _mod("establishments").get_site(s, sc, w.site_b)),
    "storage.establishments.list_sites": ("read", lambda s, sc, w: _mod("establishments").list_sites(s, sc)),
    "storage.establishments.set_consent": ("write", lambda s, sc, w: _mod("establishments").set_consent(s, sc, w.site_b, "results_to_ars", True, "intrus")),
    "storage.establishments.get_consents": ("read", lambda s, sc, w: _mod("establishments").get_consents(s, sc, w.site_b)),
    "storage.establishments.create_peer_group": ("write", lambda s, sc, w: _mod("establishments").create_peer_group(s, sc, "Intrus", [w.site_b, w.site_a1])),
    "storage.establishments.peer_groups_of": ("read", lambda s, sc, w: _mod("establishments").peer_groups_of(s, sc, w.site_b)),
    "storage.establishments.peer_group_sites": ("read", lambda s, sc, w: _mod("establishments").peer_group_sites(s, sc, w.group_b)),
    "storage.campaigns.create_campaign": ("write", lambda s, sc, w: _mod("campaigns").create_campaign(s, sc, "camp-bretagne-bis", "X", {"mini": "1.0"}, scope_kind="region", region="53")),
    "storage.campaigns.get_campaign": ("read", lambda s, sc, w: _mod("campaigns").get_campaign(s, sc, "camp-bretagne")),
    "storage.campaigns.list_campaigns": ("read", lambda s, sc, w: _mod("campaigns").list_campaigns(s, sc)),
    "storage.campaigns.set_campaign_status": ("write", lambda s, sc, w: _mod("campaigns").set_campaign_status(s, sc, "camp-bretagne", "closed")),
    "storage.invitations.create_invitation": ("write", lambda s, sc, w: _mod("invitations").create_invitation(s, sc, "c1", [w.site_b])),
    "storage.invitations.revoke_invitation": ("write", lambda s, sc, w: _mod("invitations").revoke_invitation(s, sc, w.invitation_b)),
    "storage.invitations.reissue_invitation": ("write", lambda s, sc, w: _mod("invitations").reissue_invitation(s, sc, w.invitation_b)),
    "storage.invitations.list_invitations": ("read", lambda s, sc, w: _mod("invitations").list_invitations(s, sc, "c1")),
    "storage.responses.get_response": ("read", lambda s, sc, w: _mod("responses").get_response(s, sc, w.response_b)),
    "storage.responses.list_responses": ("read", lambda s, sc, w: _mod("responses").list_responses(s, sc, "c1")),
    "storage.responses.open_response": ("write", lambda s, sc, w: _mod("responses").open_response(s, sc, "c1", w.site_b, "mini")),
    "storage.responses.add_participant": ("write", lambda s, sc, w: _mod("responses").add_participant(s, sc, w.response_b, w.person_b, "quality")),
    "storage.responses.set_facilitator": ("write", lambda s, sc, w: _mod("responses").set_facilitator(s, sc, w.response_b, w.person_b)),
    "storage.responses.submit_response": ("write", lambda s, sc, w: _mod("responses").submit_response(s, sc, w.response_b)),
    "storage.responses.reopen_response": ("write", lambda s, sc, w: _mod("responses").reopen_response(s, sc, w.response_b, "intrus")),
    "storage.answers.editable_response": ("write", lambda s, sc, w: _mod("answers").editable_response(s, sc, w.response_b)),
    "storage.answers.save_answer": ("write", lambda s, sc, w: _mod("answers").save_answer(s, sc, w.response_b, "care.consult", AnswerInput(status="in_place"), base_version=0)),
    "storage.answers.save_answers": ("write", lambda s, sc, w: _mod("answers").save_answers(s, sc, w.response_b, [("care.consult", -1, AnswerInput(status="in_place"), None)])),
    "storage.answers.replace_answers": ("write", lambda s, sc, w: _mod("answers").replace_answers(s, sc, w.response_b, [("care.info", -1, AnswerInput(status="not_in_place"))])),
    "storage.answers.get_answers": ("read", lambda s, sc, w: _mod("answers").get_answers(s, sc, w.response_b, respondent=None)),
    "storage.answers.add_evidence": ("write", lambda s, sc, w: _mod("answers").add_evidence(s, sc, w.response_b, "care.info", "intrus")),
    "storage.answers.list_evidence": ("read", lambda s, sc, w: _mod("answers").list_evidence(s, sc, w.response_b)),
    "storage.plans.set_target": ("write", lambda s, sc, w: _mod("plans").set_target(s, sc, w.response_b, "care", "information")),
    "storage.plans.list_targets": ("read", lambda s, sc, w: _mod("plans").list_targets(s, sc, w.response_b)),
    "storage.plans.add_action": ("write", lambda s, sc, w: _mod("plans").add_action(s, sc, w.response_b, "intrus", "own")),
    "storage.plans.update_action": ("write", lambda s, sc, w: _mod("plans").update_action(s, sc, w.action_b, action="intrus")),
    "storage.plans.list_actions": ("read", lambda s, sc, w: _mod("plans").list_actions(s, sc, w.response_b)),
    "storage.plans.add_initiative": ("write", lambda s, sc, w: _mod("plans").add_initiative(s, sc, w.response_b, "inv", "intrus")),
    "storage.plans.remove_initiative": ("write", lambda s, sc, w: _mod("plans").remove_initiative(s, sc, w.response_b, "inv", 0, ["inv.title"])),
    "storage.plans.list_initiatives": ("read", lambda s, sc, w: _mod("plans").list_initiatives(s, sc, w.response_b)),
    "storage.audit.list_audit": ("read", lambda s, sc, w: _mod("audit").list_audit(s, sc)),
    "storage.frames.load_frames": ("read", lambda s, sc, w: _mod("frames").load_frames(s, sc, ["c1", "camp-bretagne"])),
    "storage.aggregates.peer_cell_shares": ("read", lambda s, sc, w: _mod("aggregates").peer_cell_shares(s, sc, "c1", "mini", site=w.site_b)),
    "storage.aggregates.region_and_national_shares": ("read", lambda s, sc, w: _mod("aggregates").region_and_national_shares(s, sc, "c1", "mini", region=w.region_b)),
    "storage.aggregates.submission_counts": ("read", lambda s, sc, w: _mod("aggregates").submission_counts(s, sc, "camp-bretagne")),
    "storage.aggregates.state_distribution": ("read", lambda s, sc, w: _mod("aggregates").state_distribution(s, sc, "c1", "mini", region=w.region_b)),
    "storage.identified.identified_results": ("read", lambda s, sc, w: _mod("identified").identified_results(s, sc, "c1", "mini")),
    "storage.questionnaires.publish_questionnaire": ("write", lambda s, sc, w: _mod("questionnaires").publish_questionnaire(s, "mini", "1.0", "changed", scope=sc) if not sc.is_coordinator else (_ for _ in ()).throw(ProblemError([]))),
    "storage.directory.sites_frame": ("read", lambda s, sc, w: _mod("directory").sites_frame(s, sc)),
    "storage.directory.last_activity": ("read", lambda s, sc, w: _mod("directory").last_activity(s, sc, "c1")),
    "storage.directory.peer_groups": ("read", lambda s, sc, w: _mod("directory").peer_groups(s, sc)),
    "accounts.establishment_data.establishment_tables": ("read", lambda s, sc, w: importlib.import_module("accounts.establishment_data").establishment_tables(s, sc, w.site_b)),
    "accounts.establishment_data.export_establishment": ("read", lambda s, sc, w: importlib.import_module("accounts.establishment_data").export_establishment(s, sc, w.site_b)),
    "accounts.establishment_data.delete_establishment": ("write", lambda s, sc, w: importlib.import_module("accounts.establishment_data").delete_establishment(s, sc, w.site_b, w.site_b)),
}


def _mod(name: str):
    return importlib.import_module(f"storage.{name}")


def scoped_functions() -> list[str]:
    """Every public function of the repository modules whose parameters include ``scope``."""
    out = []
    for module_name in MODULES:
        module = importlib.import_module(module_name)
        for name, function in inspect.getmembers(module, inspect.isfunction):
            if function.__module__ == module_name and not name.startswith("_") \
                    and "scope" in inspect.signature(function).parameters:
                out.append(f"{module_name}.{name}")
    return sorted(out)


def test_isolation_covers_every_scoped_repository_function():
    functions = set(scoped_functions()) - set(NOT_A_READ_OR_WRITE)
    assert functions, "introspection found nothing: the module list is broken"
    missing = sorted(functions - set(CASES))
    assert not missing, f"scoped functions with no isolation case: {missing}"
    assert not sorted(set(CASES) - functions), "cases for functions that no longer exist"


def _text(result) -> str:
    """Everything a result holds, DataFrames and bytes included, as one searchable text."""
    if isinstance(result, pd.DataFrame):
        return result.to_json(orient="records", force_ascii=False)
    if isinstance(result, tuple) and any(isinstance(r, pd.DataFrame) for r in result):
        return " ".join(_text(r) for r in result)
    if isinstance(result, bytes):
        return result.decode("latin-1")
    if hasattr(result, "shares"):
        return _text(result.shares) + repr(result)
    if hasattr(result, "cell_states"):  # identified results: the sites named, and their cells
        return _text(result.sites) + _text(result.cell_states)
    if hasattr(result, "cells"):  # a state distribution
        return _text(result.cells) + repr(result)
    return json.dumps(result, default=repr, ensure_ascii=False) if not isinstance(result, str) else result


CALLERS = {"other_establishment": lambda w: w.team_a, "other_region": lambda w: w.coordinator_a}


@pytest.mark.parametrize("caller", CALLERS)
@pytest.mark.parametrize("function", sorted(CASES))
def test_isolation_another_establishment_or_region_gets_nothing_or_a_refusal(bworld, function, caller):
    kind, call = CASES[function]
    scope = CALLERS[caller](bworld)
    opener = write_session if kind == "write" else read_session
    try:
        with opener(bworld.engine) as session:
            result = call(session, scope, bworld)
            if kind == "write":
                raise AssertionError(f"{function} wrote into B's data for {caller}: {result!r}")
    except ProblemError:
        return  # refused (or "unknown to you"), and the transaction rolled back
    leaked = [m for m in bworld.markers if m in _text(result)]
    assert not leaked, f"{function} showed B's data to {caller}: {leaked}"


READERS = {  # none of them may read B individually: B consented to be named to peers, to nothing else
    "national_reader": lambda w: Scope.national_reader(actor="Noé (national)"),
    "national_reader_of_a": lambda w: Scope.national_reader([w.site_a1], actor="Noé (national)"),
    "ars_of_b_region": lambda w: Scope.analyst([], [w.region_b], actor="Aude (ARS 53)"),
    "ars_of_another_region": lambda w: Scope.analyst([w.site_a1], [w.region_a], actor="Armand (ARS 52)"),
}


@pytest.mark.parametrize("reader", READERS)
@pytest.mark.parametrize("function", sorted(f for f, (kind, _) in CASES.items() if kind == "read"))
def test_isolation_a_national_reader_or_an_ars_analyst_reads_nothing_individual_of_b(bworld, function, reader):
    """Every read gives a reader nothing of B: refused, empty, or group figures withheld (B alone is below k = 5).

    A campaign is not an establishment's data: readers follow every campaign of their regions by its name."""
    _, call = CASES[function]
    scope = READERS[reader](bworld)
    try:
        with read_session(bworld.engine) as session:
            result = call(session, scope, bworld)
    except ProblemError:
        return
    markers = [m for m in bworld.markers if m != "camp-bretagne"]
    leaked = [m for m in markers if m in _text(result)]
    assert not leaked, f"{function} showed B's data to {reader}: {leaked}"
    if hasattr(result, "enough"):
        assert not result.enough, f"{function} gave {reader} figures of fewer than five establishments"


@pytest.mark.parametrize("reader", ["read_only_on_b", *READERS])
@pytest.mark.parametrize("function", sorted(f for f, (kind, _) in CASES.items() if kind == "write"))
def test_isolation_a_read_only_scope_on_b_writes_nothing(bworld, function, reader):
    """An ARS analyst reads the results of B, which consented, and changes none of its data; no reader writes."""
    _, call = CASES[function]
    analyst = Scope.analyst([bworld.site_b], [bworld.region_b], actor="Aude (ARS)") if reader == "read_only_on_b" \
        else READERS[reader](bworld)
    with pytest.raises(ProblemError), write_session(bworld.engine) as session:
        call(session, analyst, bworld)


def test_isolation_b_itself_sees_its_own_data(bworld):
    """The cases aim at real data: B's own scope reads what the others cannot."""
    from storage.answers import get_answers, list_evidence
    from storage.plans import list_actions

    with read_session(bworld.engine) as s:
        assert any(a["comment"] == "SECRET-B-COMMENT" for a in get_answers(s, bworld.team_b, bworld.response_b))
        assert list_evidence(s, bworld.team_b, bworld.response_b)[0]["description"] == "SECRET-B-EVIDENCE"
        assert list_actions(s, bworld.coordinator_b, bworld.response_b)[0]["action"] == "SECRET-B-ACTION"


def test_isolation_a_national_reader_reads_a_consenting_establishment_results_and_nothing_else(world):
    """Results (cell states, named) once A consents to be identified nationally; never its answers or plan;
    nothing again as soon as the consent is withdrawn, even with a scope resolved before."""
    from accounts.scopes import resolve_scope
    from storage.answers import get_answers, list_evidence, save_answer
    from storage.establishments import set_consent
    from storage.frames import load_frames
    from storage.identified import identified_results
    from storage.plans import add_action, list_actions, list_initiatives, list_targets
    from storage.responses import get_response, submit_response

    from acc_support import make_user

    from storage.campaigns import create_campaign
    from storage.questionnaires import publish_questionnaire
    from storage.responses import open_response

    team = Scope.establishment([world.site_a1], actor="Alice (quality)")
    with write_session(world.engine) as s:
        publish_questionnaire(s, "minimal-example", "1.0", (ROOT / "questionnaires/examples/minimal.yaml").read_text(),
                              scope=world.national)
        create_campaign(s, world.national, "c-min", "Campagne", {"minimal-example": "1.0"}, status="open")
        response_a = open_response(s, team, "c-min", world.site_a1, "minimal-example").id
        save_answer(s, team, response_a, "care.info.leaflet", AnswerInput(status="in_place", extent="whole",
                    comment="SECRET-A-COMMENT"), base_version=0)
        add_action(s, team, response_a, "SECRET-A-ACTION", "own")
        submit_response(s, team, response_a)
    noe = make_user(world.engine, "noe", "national", name="Noé National")

    def reader():
        with read_session(world.engine) as s:
            return resolve_scope(s, noe.user.id, "national", actor="Noé National")

    before = reader()
    assert before.kind == "national_reader" and not before.sites and before.read_only
    with read_session(world.engine) as s:
        assert identified_results(s, before, "c-min", "minimal-example").sites.empty
    with write_session(world.engine) as s:
        set_consent(s, world.national, world.site_a1, "results_to_national", True, "Directrice")
    scope = reader()
    assert scope.sites == {world.site_a1}
    with read_session(world.engine) as s:
        results = identified_results(s, scope, "c-min", "minimal-example")
        assert results.sites[["finess", "name"]].values.tolist() == [[world.site_a1, "Hôtel-Dieu"]]
        cells = results.cell_states.assign(level=lambda f: f["level"].astype(str),
                                           degree=lambda f: f["degree"].astype(str)).set_index(["level", "degree"])
        assert len(cells) == 4  # the minimal matrix: 2 levels × 2 degrees
        assert int(cells.loc[("care", "information"), "n_in_place"]) == 1  # the one practice answered in place
        assert cells.loc[("care", "information"), "state"] == "present"  # N = 1 practice beyond a pilot
        assert int(cells.loc[("research", "information"), "n_in_place"]) == 0
        assert "SECRET" not in results.cell_states.to_json() + results.sites.to_json()
        for read in (get_answers, list_evidence, list_actions, list_initiatives, list_targets, get_response):
            try:
                assert not read(s, scope, response_a), read.__name__  # nothing
            except ProblemError:
                pass  # or refused
        responses, answers = load_frames(s, scope, "c-min")
        assert responses.empty and answers.empty
    with write_session(world.engine) as s:
        set_consent(s, world.national, world.site_a1, "results_to_national", False, "Directrice")
    with read_session(world.engine) as s:
        assert identified_results(s, scope, "c-min", "minimal-example").sites.empty  # the consent is read again at each call
