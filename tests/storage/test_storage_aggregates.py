"""Peer figures: submitted peers only, the caller excluded, k ≥ 5, bands from 5 to 9, no single peer's value."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from continuum.problems import ProblemError
from storage.aggregates import (AGGREGATE_FUNCTIONS, band, peer_cell_shares, region_and_national_shares,
                                submission_counts)
from storage.engine import make_engine, read_session
from storage.models import Site
from storage.models_responses import Response
from storage.scope import Scope

W2 = "demo-national-w2"


@pytest.fixture
def demo(demo_url):
    engine = make_engine(demo_url)
    yield engine
    engine.dispose()


def test_bands_are_twenty_points_wide():
    assert [band(x) for x in (0, 0.19, 0.2, 0.55, 1.0)] == ["0–20", "0–20", "20–40", "40–60", "80–100"]


def test_an_establishment_sees_shares_of_its_peers_only(demo):
    with read_session(demo) as s:
        site = s.execute(select(Response.site).where(Response.campaign_id == W2,
                                                     Response.questionnaire_id == "montreal-matrix")).scalar()
        team = Scope.establishment([site], campaign_id=W2)
        figures = peer_cell_shares(s, team, W2, "montreal-matrix", site=site)
        assert figures.enough and figures.peers >= 10 and not figures.banded
        assert set(figures.shares.columns) == {"level", "degree", "share_held"}
        assert figures.shares["share_held"].between(0, 100).all()
        with pytest.raises(ProblemError):
            peer_cell_shares(s, team, W2, "montreal-matrix")  # no site: an establishment cannot ask for all


def test_fewer_than_five_peers_give_no_figure_and_five_to_nine_give_bands(demo):
    with read_session(demo) as s:
        regions = s.execute(select(Response.site).where(Response.campaign_id == W2)).scalars().all()
        national = Scope.national()
        small = peer_cell_shares(s, national, W2, "montreal-matrix", region="94")  # Corsica: a few sites
        assert not small.enough and small.shares.empty and small.problems[0].code == "too-few-peers"
        assert regions
        figures = [peer_cell_shares(s, national, W2, "montreal-matrix", region=r) for r in ("52", "53", "84", "11")]
        for f in figures:
            if 5 <= f.peers < 10:
                assert f.banded and f.shares["share_held"].str.contains("–").all()


def test_a_category_group_counts_only_that_categorys_submitted_peers(demo):
    with read_session(demo) as s:
        rows = s.execute(select(Response.site, Response.status, Site.category, Site.legal_entity)
                         .join(Site, Site.finess == Response.site)
                         .where(Response.campaign_id == W2, Response.questionnaire_id == "montreal-matrix")).all()
        own = next(r for r in rows if r.category == "ehpad" and r.status == "submitted")
        team = Scope.establishment([own.site], campaign_id=W2)
        figures = peer_cell_shares(s, team, W2, "montreal-matrix", site=own.site, category="ehpad")
        expected = {r.site for r in rows if r.category == "ehpad" and r.status == "submitted"
                    and r.legal_entity != own.legal_entity}
        assert figures.peers == len(expected) >= 10 and figures.enough and not figures.cross_category
        everyone = peer_cell_shares(s, team, W2, "montreal-matrix", site=own.site)
        assert everyone.cross_category  # the nation mixes categories: care and organisation only
        assert set(everyone.shares["level"]) == {"care", "organisation"}
        assert set(figures.shares["level"]) > {"care", "organisation"}


def test_follow_up_counts_are_for_coordinators_within_their_region(demo):
    with read_session(demo) as s:
        counts = submission_counts(s, Scope.region(["52"]), W2)
        assert set(counts["region"]) == {"52"} and counts["responses"].sum() > 0
        with pytest.raises(ProblemError):
            submission_counts(s, Scope.establishment(["440000025"]), W2)
    assert {f.__name__ for f in AGGREGATE_FUNCTIONS} == {"peer_cell_shares", "region_and_national_shares",
                                                         "submission_counts", "state_distribution"}


def _same(a, b) -> bool:
    return (a.peers, a.enough, a.banded) == (b.peers, b.enough, b.banded) and a.shares.equals(b.shares)


@pytest.mark.parametrize("region", ["52", "94"])
def test_region_and_national_from_one_load_equal_the_two_separate_figures(demo, region):
    with read_session(demo) as s:
        national = Scope.national()
        regional, everyone = region_and_national_shares(s, national, W2, "montreal-matrix", region=region)
        assert _same(regional, peer_cell_shares(s, national, W2, "montreal-matrix", region=region))
        assert _same(everyone, peer_cell_shares(s, national, W2, "montreal-matrix"))
        assert everyone.enough and everyone.peers > regional.peers
        with pytest.raises(ProblemError):  # an establishment compares itself with peers, never a whole region
            region_and_national_shares(s, Scope.establishment(["440000025"]), W2, "montreal-matrix", region=region)


def test_peers_of_the_same_category_are_compared_on_every_level(demo):
    with read_session(demo) as s:
        everyone = peer_cell_shares(s, Scope.national(), W2, "montreal-matrix")
        ehpad = peer_cell_shares(s, Scope.national(), W2, "montreal-matrix", category="ehpad")
        co_filled = peer_cell_shares(s, Scope.national(), W2, "montreal-matrix", co_filled_only=True)
    assert set(everyone.shares["level"]) == {"care", "organisation"}  # categories mixed: care and organisation only
    assert ehpad.enough and set(ehpad.shares["level"]) > {"care", "organisation"}
    assert 0 < co_filled.peers < everyone.peers
