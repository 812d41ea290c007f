"""Low completeness is flagged on every figure it affects: cells, levels, peers' rows, wave changes."""

from __future__ import annotations

from scoring_support import answers, practice, practices, questionnaire, responses

from scoring import PeerGroup, score

# Five care/information practices: one answer of five is 20 % complete, under the default 60 %.
Q = questionnaire(practices(*(f"i{k} care/information" for k in range(5))) + "scoring: {evidence: {inventory: null}}\n")


def test_low_completeness_travels_with_peers_and_wave_changes():
    resp = responses({"response_id": "w1", "establishment": "E1", "wave": 1, "campaign_id": "c1"},
                     {"response_id": "w2", "establishment": "E1", "wave": 2, "campaign_id": "c2"})
    full = [practice("w1", f"i{k}", "in_place") for k in range(5)]
    r = score(Q, resp, answers(*full, practice("w2", "i0", "in_place")))
    cell = r.cell_states.set_index(["response_id", "level", "degree"]).loc[("w2", "care", "information")]
    assert bool(cell.low_completeness) and cell.completeness == 0.2  # 1 of 5, by hand
    peers = r.peers(PeerGroup.national(), response_ids=["w2"])
    row = peers[(peers["level"] == "care") & (peers["degree"] == "information")].iloc[0]
    assert bool(row.low_completeness)
    changes = r.wave_changes()
    care = changes.cells[(changes.cells["level"] == "care") & (changes.cells["degree"] == "information")].iloc[0]
    assert (bool(care.previous_low_completeness), bool(care.low_completeness)) == (False, True)
    coverage = changes.coverage.set_index("level").loc["care"]
    assert (bool(coverage.previous_low_completeness), bool(coverage.low_completeness)) == (False, True)
