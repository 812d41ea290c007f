"""The demo: its shape and spread, the frames handed to scoring, first start and the CLI."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from continuum.reference import CATEGORIES, LEGAL_STATUSES, finess_is_valid
from storage.bootstrap import ensure_database
from storage.demo import DEMO_SEED, generate_demo, shipped_questionnaires
from storage.demo.writer import demo_codes
from storage.engine import make_engine, read_session
from storage.frames import ANSWER_COLUMNS, RESPONSE_COLUMNS, load_frames
from storage.invitations import redeem_invitation
from storage.scope import Scope
from storage.versioning import data_version

CONTINUUM = str(Path(sys.executable).parent / "continuum")


@pytest.fixture(scope="module")
def demo_data():
    return generate_demo([q for q, _ in shipped_questionnaires()], seed=DEMO_SEED)


def test_the_demo_covers_every_category_status_sector_and_four_regions(demo_data):
    sites = demo_data.tables["sites"]
    assert len(sites) >= 60 and sites["region"].nunique() >= 4
    assert set(sites["category"]) == set(CATEGORIES) and set(sites["legal_status"]) == set(LEGAL_STATUSES)
    assert set(sites["sector"]) == {"health", "medico_social"}
    assert sites["finess"].map(finess_is_valid).all()
    assert demo_data.tables["legal_entities"]["finess"].map(finess_is_valid).all()
    assert (demo_data.tables["groupings"]["kind"] == "ght").sum() >= 2


def test_the_demo_is_the_same_for_a_seed(demo_data):
    again = generate_demo([q for q, _ in shipped_questionnaires()], seed=DEMO_SEED)
    pd.testing.assert_frame_equal(again.answers, demo_data.answers)


def test_a_realistic_spread_wave_two_ahead_and_divergent_respondents(demo_data):
    answers = demo_data.answers.merge(demo_data.responses[["response_id", "wave", "category"]], on="response_id")
    consensus = answers[(answers["respondent"] == "") & (answers["status"] != "")]
    in_place = consensus["status"].isin(["in_place", "evaluated"])
    by_wave = in_place.groupby(consensus["wave"]).mean()
    assert by_wave[2] > by_wave[1]
    individual = answers[answers["respondent"] != ""]
    assert individual["respondent_role"].isin(["ru", "cvs_member"]).any()
    paired = individual.merge(consensus[["response_id", "item_id", "status"]], on=["response_id", "item_id"])
    assert 0 < (paired["status_x"] != paired["status_y"]).mean() < 0.4
    assert demo_data.responses["co_filled"].any() and not demo_data.responses["co_filled"].all()


def test_first_start_fills_sqlite_once_and_the_frames_follow_the_contract(demo_db_url):
    engine = ensure_database(database_url=demo_db_url, demo=True)  # already seeded: nothing more happens
    with read_session(engine) as s:
        regional = Scope.region(["52"])
        responses, answers = load_frames(s, regional, ["demo-national-w1", "demo-national-w2"])
        assert list(responses.columns) == list(RESPONSE_COLUMNS) and list(answers.columns) == list(ANSWER_COLUMNS)
        assert set(responses["region"]) == {"52"} and set(answers["response_id"]) <= set(responses["response_id"])
        assert set(responses["wave"]) == {1, 2} and responses["co_filled"].dtype == bool
        everyone, _ = load_frames(s, Scope.national(), "demo-national-w2", statuses=["submitted"])
        assert set(everyone["status"]) == {"submitted"} and everyone["region"].nunique() >= 4
        assert (answers["number"].isna() | answers["number"].notna()).all() and not answers["flag"].isna().any()
        assert data_version(s) > 0
    engine.dispose()


def test_a_demo_code_signs_in_to_its_establishment_only(demo_url):
    output = subprocess.run([CONTINUUM, "demo", "--establishments", "12"], capture_output=True, text=True,
                            env={**os.environ, "CONTINUUM_DATABASE_URL": demo_url})
    assert output.returncode == 1 and "demo-already-present" in output.stderr
    engine = make_engine(demo_url)
    with read_session(engine) as s:
        scope = redeem_invitation(s, demo_codes()[1])
        responses, _ = load_frames(s, scope, "demo-national-w2")
        assert set(responses["establishment"]) <= scope.sites and len(responses) >= 1
        assert load_frames(s, scope, "demo-national-w1")[0].empty  # the code is bound to its campaign
    engine.dispose()


@pytest.fixture(scope="module")
def demo_scored(demo_data):
    from scoring import score

    loaded = {q.id: q for q, _ in shipped_questionnaires()}
    return score(loaded["montreal-matrix"], demo_data.responses, demo_data.answers,
                 inventory=loaded["initiative-inventory"])


def test_most_cells_are_information_and_consultation_and_evidenced_partnership_is_rare(demo_scored):
    cells = demo_scored.cell_states
    assessed = cells[cells["state"] != "not_applicable"]
    held = assessed["state"].isin(["present", "established"]).groupby(assessed["degree"], observed=True).mean()
    assert held["information"] > held["collaboration"] > held["partnership"]
    assert held["consultation"] > held["collaboration"]
    among_held = held / held.sum()  # of the cells a team holds, which degree they are
    assert among_held["information"] + among_held["consultation"] > 0.6
    assert 0.15 < among_held["collaboration"] < 0.4 and among_held["partnership"] < 0.08
    partnership = assessed[assessed["degree"] == "partnership"]["state"]
    assert (partnership == "established").mean() < 0.02 and (partnership == "declared_not_evidenced").any()


def test_teaching_and_research_mostly_in_university_hospitals_and_cancer_centres(demo_data):
    from continuum.paths import QUESTIONNAIRE_DIR
    from questionnaires.loader import load_questionnaire

    matrix = load_questionnaire(QUESTIONNAIRE_DIR / "montreal-matrix.yaml")
    level = {i.id: i.cells[0].level for i in matrix.items() if i.cells}
    answers = demo_data.answers[demo_data.answers["respondent"] == ""].merge(
        demo_data.responses[["response_id", "category"]], on="response_id")
    answers = answers[answers["item_id"].map(level).isin(["teaching", "research"])]
    academic = answers["category"].isin(["chu", "cancer_centre"])
    in_place = answers["status"].isin(["in_place", "evaluated"])
    assert in_place[academic].mean() > 2 * in_place[~academic].mean() > 0  # present elsewhere too, less often
    not_applicable = answers["flag"] == "not_applicable"
    assert not not_applicable[academic].any() and 0.2 < not_applicable[~academic].mean() < 0.8  # optional elsewhere
    assert (answers.loc[not_applicable, "na_reason"] != "").all()


def test_some_initiatives_are_over_declared(demo_scored):
    initiatives = demo_scored.initiatives
    assert len(initiatives) >= 60
    assert 0.1 < initiatives["over_declared"].mean() < 0.5


def test_the_demo_has_consents_targets_and_action_plans(demo_data):
    from storage.establishments import CONSENT_KINDS
    from storage.plans import ACTION_KINDS

    consents, tables = demo_data.tables["consents"], demo_data.tables
    assert set(consents["kind"]) == set(CONSENT_KINDS) and consents["granted"].any() and not consents["granted"].all()
    assert (consents["given_by"] != "").all()
    assert len(tables["targets"]) > 0 and (tables["targets"]["reason"] != "").all()
    assert set(tables["action_items"]["kind"]) == set(ACTION_KINDS)
    assert tables["action_items"][["owner", "indicator", "source"]].ne("").all().all()


def test_each_regional_coordinator_sees_their_region_in_both_waves(demo_url):
    engine = make_engine(demo_url)
    with read_session(engine) as s:
        everyone, _ = load_frames(s, Scope.national(), ["demo-national-w1", "demo-national-w2"])
        for region in sorted(set(everyone["region"])):
            mine, _ = load_frames(s, Scope.region([region]), ["demo-national-w1", "demo-national-w2"])
            assert set(mine["region"]) == {region} and set(mine["wave"]) == {1, 2}
            assert len(mine) == (everyone["region"] == region).sum()
    engine.dispose()


@pytest.mark.postgres
def test_first_start_on_postgresql_migrates_but_never_fills_the_demo(postgres_server_url):
    from storage.bootstrap import is_empty
    from storage.engine import temporary_schema
    from storage.migrate import current_revision, head_revision

    with temporary_schema(postgres_server_url, prefix="test") as url:
        engine = ensure_database(database_url=url, demo=True)
        assert current_revision(engine) == head_revision() and is_empty(engine)
        engine.dispose()
