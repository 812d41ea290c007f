"""Isolation of peer figures: the declared aggregate functions never return one establishment's figures,
and return nothing below k = 5 (read-only, on the seeded demo database, in SQLite and in PostgreSQL)."""

from __future__ import annotations

import pytest

from continuum.problems import ProblemError
from storage.aggregates import (AGGREGATE_FUNCTIONS, K_MIN, peer_cell_shares, region_and_national_shares,
                                state_distribution, submission_counts)
from storage.engine import make_engine, read_session
from storage.frames import load_frames
from storage.scope import Scope

CAMPAIGN, MATRIX = "demo-national-w2", "montreal-matrix"


def _frames(engine):
    with read_session(engine) as s:
        responses, _ = load_frames(s, Scope.national(), CAMPAIGN, questionnaire_id=MATRIX, statuses=["submitted"])
    return responses


@pytest.fixture(scope="module", params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def demo(request, demo_db_file):
    """The seeded demo: the session's SQLite copy, or the same demo copied from the PostgreSQL demo template."""
    if request.param == "sqlite":
        engine = make_engine(f"sqlite:///{demo_db_file}")
        yield engine, _frames(engine)
        engine.dispose()
        return
    from fixtures.db import postgres_demo_template

    with request.getfixturevalue("postgres_databases").fresh(postgres_demo_template(request)) as url:
        engine = make_engine(url)
        yield engine, _frames(engine)
        engine.dispose()


def _identifying(responses) -> set[str]:
    return set(responses["establishment"]) | set(responses["legal_entity"]) | set(responses["response_id"])


def test_isolation_every_aggregate_function_is_declared_and_tested():
    assert {f.__name__ for f in AGGREGATE_FUNCTIONS} == {"peer_cell_shares", "region_and_national_shares",
                                                         "submission_counts", "state_distribution"}


def test_isolation_peer_shares_exclude_the_caller_and_name_nobody(demo):
    engine, responses = demo
    counts = responses.groupby("region")["establishment"].nunique()
    region = counts[counts >= K_MIN + 1].index[0]
    own = sorted(responses.loc[responses["region"] == region, "establishment"])[0]
    own_entity = responses.loc[responses["establishment"] == own, "legal_entity"].iloc[0]
    expected = responses[(responses["region"] == region) & (responses["legal_entity"] != own_entity)][
        "establishment"].nunique()
    with read_session(engine) as s:
        figures = peer_cell_shares(s, Scope.establishment([own]), CAMPAIGN, MATRIX, site=own, region=region)
    assert figures.enough and figures.peers == expected  # the caller's own legal entity is not a peer
    text = figures.shares.to_json(orient="records") + repr(figures)
    assert not [m for m in _identifying(responses) if m in text]
    assert list(figures.shares.columns) == ["level", "degree", "share_held"]
    if figures.peers < 10:
        assert figures.banded and set(figures.shares["share_held"]) <= {"0–20", "20–40", "40–60", "60–80", "80–100"}


def test_isolation_fewer_than_five_peers_give_no_figure(demo):
    engine, responses = demo
    counts = responses.groupby("region")["establishment"].nunique()
    small = counts[counts <= K_MIN].index[0]  # with the caller excluded, at most 4 peers
    own = sorted(responses.loc[responses["region"] == small, "establishment"])[0]
    with read_session(engine) as s:
        figures = peer_cell_shares(s, Scope.establishment([own]), CAMPAIGN, MATRIX, site=own, region=small)
    assert not figures.enough and figures.shares.empty and figures.peers < K_MIN
    assert figures.problems[0].code == "too-few-peers"


def test_isolation_submission_counts_are_counts_for_the_coordinator_own_region(demo):
    engine, responses = demo
    with read_session(engine) as s:
        counts = submission_counts(s, Scope.region(["52"]), CAMPAIGN)
    assert set(counts["region"]) == {"52"}
    assert set(counts.columns) == {"region", "questionnaire_id", "status", "responses"}
    expected = responses[responses["region"] == "52"].shape[0]
    assert counts[(counts["questionnaire_id"] == MATRIX) & (counts["status"] == "submitted")]["responses"].sum() \
        == expected


NATIONAL_READER = Scope.national_reader(actor="Noé (national)")


def _submitted_per(responses, column: str):
    return responses.groupby(column)["establishment"].nunique()


def test_isolation_a_national_reader_gets_the_nation_distribution_naming_nobody(demo):
    engine, responses = demo
    n = responses["establishment"].nunique()
    with read_session(engine) as s:
        figures = state_distribution(s, NATIONAL_READER, CAMPAIGN, MATRIX)
    assert figures.enough and not figures.banded and figures.establishments == n >= 10
    per_cell = figures.cells.groupby(["level", "degree"])["count"].sum()
    assert set(per_cell) == {n}  # every submitted establishment is counted once in every cell
    assert figures.cross_category and set(figures.cells["level"]) == {"care", "organisation"}
    text = figures.cells.to_json(orient="records") + repr(figures)
    assert not [m for m in _identifying(responses) if m in text]


def test_isolation_a_distribution_below_five_is_nothing_and_from_five_to_nine_bands_without_counts(demo):
    engine, responses = demo
    per_region = _submitted_per(responses, "region")
    small, middle = per_region[per_region < K_MIN], per_region[(per_region >= K_MIN) & (per_region < 10)]
    per_category = _submitted_per(responses, "category")
    one = per_category[per_category == 1]
    with read_session(engine) as s:
        for region in small.index:
            nothing = state_distribution(s, NATIONAL_READER, CAMPAIGN, MATRIX, region=region)
            assert not nothing.enough and nothing.cells.empty and nothing.problems[0].code == "too-few-peers"
        for category in one.index:  # one establishment's figures: never
            assert state_distribution(s, NATIONAL_READER, CAMPAIGN, MATRIX, category=category).cells.empty
        for region in middle.index:
            bands = state_distribution(s, NATIONAL_READER, CAMPAIGN, MATRIX, region=region)
            assert bands.enough and bands.banded and bands.cells["count"].isna().all()
            assert bands.cells["share"].isna().all() and (bands.cells["band_high"] - bands.cells["band_low"] == 20).all()
    assert len(small) or len(one), "the demo should have a group below k = 5"


def test_isolation_an_ars_analyst_reads_its_region_aggregates_only(demo):
    engine, responses = demo
    per_region = _submitted_per(responses, "region")
    home = per_region[per_region >= K_MIN].index[0]
    other = next(r for r in per_region.index if r != home)
    analyst = Scope.analyst([], [home], actor="Aude (ARS)")
    with read_session(engine) as s:
        mine = state_distribution(s, analyst, CAMPAIGN, MATRIX, region=home)
        implicit = state_distribution(s, analyst, CAMPAIGN, MATRIX)  # no region given: its own regions
        assert mine.enough and mine.establishments == per_region[home] == implicit.establishments
        for refused in (lambda: state_distribution(s, analyst, CAMPAIGN, MATRIX, region=other),
                        lambda: peer_cell_shares(s, analyst, CAMPAIGN, MATRIX, region=other),
                        lambda: region_and_national_shares(s, analyst, CAMPAIGN, MATRIX, region=home)):
            with pytest.raises(ProblemError) as error:
                refused()
            assert error.value.problems[0].code == "forbidden"
        shares = peer_cell_shares(s, analyst, CAMPAIGN, MATRIX)
        assert shares.peers == per_region[home]
        counts = submission_counts(s, analyst, CAMPAIGN)
    assert set(counts["region"]) == {home}


def test_isolation_submission_counts_for_a_national_reader_leave_out_groups_below_five(demo):
    engine, responses = demo
    with read_session(engine) as s:
        counts = submission_counts(s, NATIONAL_READER, CAMPAIGN)
        everything, _ = load_frames(s, Scope.national(), CAMPAIGN)
    size = everything.groupby(["region", "questionnaire_id"])["establishment"].nunique()
    assert set(zip(counts["region"], counts["questionnaire_id"])) == set(size[size >= K_MIN].index)
    assert len(size[size < K_MIN]), "the demo has a region and questionnaire with fewer than five respondents"
    for (region, qid), group in counts.groupby(["region", "questionnaire_id"]):
        assert group["responses"].sum() == ((everything["region"] == region)
                                            & (everything["questionnaire_id"] == qid)).sum()


def _sizes(rows):
    import pandas as pd

    return pd.DataFrame(rows, columns=["region", "category", "n"])


def test_isolation_a_group_that_subtraction_would_open_is_withheld():
    from storage.aggregates import subtraction_reveals

    # R1 holds 6 EHPAD and 1 clinic; R2 holds 5 EHPAD: 12 establishments in all
    sizes = _sizes([("R1", "ehpad", 6), ("R1", "clinic", 1), ("R2", "ehpad", 5)])
    assert subtraction_reveals(sizes, "R1", "ehpad")  # R1 (7) minus R1's EHPAD (6) is the one clinic
    assert subtraction_reveals(sizes, "R1", None)  # R1's parts: the clinic alone is withheld, 7 - 6 reveals it
    assert subtraction_reveals(sizes, None, None)  # the nation's categories: EHPAD 11 shown, the clinic alone
    assert not subtraction_reveals(sizes, "R2", None)  # R2 (5) against the nation (12): 7 apart, one category
    # with 5 clinics in R1 instead, every difference is 0 or at least 5
    wider = _sizes([("R1", "ehpad", 6), ("R1", "clinic", 5), ("R2", "ehpad", 5)])
    assert not any(subtraction_reveals(wider, r, c) for r, c in
                   [(None, None), ("R1", None), ("R2", None), ("R1", "ehpad"), ("R1", "clinic"), (None, "ehpad")])


def test_isolation_no_two_groups_shown_to_a_national_reader_differ_by_one_to_four(demo):
    engine, responses = demo
    groups = [(r, c) for r in [None, *sorted(set(responses["region"]))] for c in [None, *sorted(set(responses["category"]))]]

    def members(r, c):
        keep = responses["establishment"].notna()
        keep &= (responses["region"] == r) if r else True
        keep &= (responses["category"] == c) if c else True
        return set(responses.loc[keep, "establishment"])

    candidates = [g for g in groups if len(members(*g)) >= K_MIN]
    with read_session(engine) as s:
        shown = [g for g in candidates if state_distribution(s, NATIONAL_READER, CAMPAIGN, MATRIX, region=g[0],
                                                             category=g[1]).enough]
    assert (None, None) in shown and len(shown) >= 4
    for g in shown:
        for h in shown:
            if members(*g) < members(*h):
                assert len(members(*h) - members(*g)) >= K_MIN, (g, h)
