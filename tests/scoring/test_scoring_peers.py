"""Peers: k-rules, bands, never oneself, submitted only, care and organisation across categories."""

from __future__ import annotations

import pandas as pd
import pytest
from scoring_support import answers, practice, practices, questionnaire, responses

from scoring import score
from scoring.peers import PeerGroup, check_peer_group, compare_to_peers, group_figures

Q = questionnaire(practices("a care/information", "z research/information") + "scoring: {evidence: {inventory: null}}\n")


def campaign(holding: list[bool], extra_by_index: dict | None = None) -> pd.DataFrame:
    """Response r1 is ours; r2… are peers; ``holding[k]`` says whether response k+1 has practice a in place."""
    extra_by_index = extra_by_index or {}
    rows = [{"response_id": f"r{k + 1}", **extra_by_index.get(k, {})} for k in range(len(holding))]
    ans = [practice(f"r{k + 1}", "a", "in_place" if h else "not_in_place") for k, h in enumerate(holding)]
    ans += [practice(f"r{k + 1}", "z", "not_in_place") for k in range(len(holding))]
    return score(Q, responses(*rows), answers(*ans))


def ours(result, group=PeerGroup.region(), level="care"):
    out = compare_to_peers(result, group, response_ids=["r1"])
    return out[(out["level"] == level) & (out["degree"] == "information")].iloc[0]


def test_four_peers_are_not_enough():
    row = ours(campaign([True, True, True, False, False]))
    assert (row.n_peers, row.peer_status, row.band) == (4, "not_enough_peers", "")
    assert pd.isna(row.share)


def test_five_peers_give_a_twenty_point_band():
    row = ours(campaign([False, True, True, False, False, False]))  # 2 of 5 peers hold it: 40 %
    assert (row.n_peers, row.peer_status, row.band, row.band_low, row.band_high) == (5, "banded", "40–60 %", 40, 60)
    assert pd.isna(row.share)


def test_ten_peers_give_exact_shares():
    row = ours(campaign([False] + [True] * 3 + [False] * 7))
    assert (row.n_peers, row.peer_status, row.share) == (10, "exact", pytest.approx(0.3))


def test_the_establishment_never_counts_among_its_own_peers():
    row = ours(campaign([True] + [False] * 10))
    assert (row.n_peers, row.share) == (10, 0.0)


def test_only_submitted_responses_count():
    drafts = {k: {"status": "draft"} for k in range(1, 4)}
    row = ours(campaign([False] + [True] * 10, drafts))
    assert (row.n_peers, row.peer_status, row.band) == (7, "banded", "80–100 %")  # 7 of 7 submitted peers


def test_region_groups_compare_within_the_region():
    other_region = {k: {"region": "53"} for k in range(6, 11)}
    row = ours(campaign([False] * 11, other_region))
    assert row.n_peers == 5


def test_a_group_spanning_categories_compares_care_and_organisation_only():
    mixed = {k: {"category": "ehpad"} for k in range(1, 3)}
    result = campaign([False] * 11, mixed)
    assert ours(result, PeerGroup.national(), level="research").peer_status == "not_compared"
    assert ours(result, PeerGroup.national(), level="care").peer_status == "exact"
    # Within one category, every level is compared.
    assert ours(campaign([False] * 11), PeerGroup.category(), level="research").peer_status == "exact"


def test_a_saved_group_and_the_voluntary_note():
    result = campaign([True] * 8)
    members = {f"Er{k}" for k in range(2, 8)}  # six peers
    row = ours(result, PeerGroup.saved("ght-44", members))
    assert (row.n_peers, row.peer_status, row.band, row.group) == (6, "banded", "80–100 %", "ght-44")
    assert row.note == "peers.voluntary"


def test_a_near_duplicate_peer_group_is_refused():
    existing = {"loire": [f"E{k}" for k in range(20)]}
    near = [f"E{k}" for k in range(20)] + ["E99", "E98"]  # two establishments of difference
    refused = check_peer_group(near, existing)
    assert [(p.code, p.location) for p in refused] == [("scoring-peer-group-near-duplicate", "peer group/loire")]
    assert check_peer_group([f"E{k}" for k in range(5, 25)], existing) == []  # 10 of difference


def test_rare_practices_are_hidden_from_group_figures():
    result = campaign([True] * 3 + [False] * 9)
    cells, items = group_figures(result)
    a = items.set_index("item_id").loc["a"]
    assert (a.peer_status, a.band) == ("hidden_rare", "")
    assert pd.isna(a.share)
    z = items.set_index("item_id").loc["z"]
    assert (z.peer_status, z.share) == ("exact", 0.0)
