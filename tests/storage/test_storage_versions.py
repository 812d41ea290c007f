"""Published versions are immutable; a response keeps its version and still scores under it after a new one."""

from __future__ import annotations

from pathlib import Path

from storage.answers import AnswerInput, save_answer
from storage.campaigns import create_campaign
from storage.engine import read_session, write_session
from storage.frames import load_frames
from storage.questionnaires import get_published, publish_questionnaire
from storage.responses import open_response
from views.results.compute import score_campaign

ROOT = Path(__file__).resolve().parents[2]
V1 = (ROOT / "questionnaires" / "examples" / "minimal.yaml").read_text(encoding="utf-8")
NEW_ITEM = """
      - id: care.consult.survey
        kind: practice
        cells: [{level: care, degree: consultation}]
        text: {fr: "Une enquête de satisfaction est analysée avec les représentants des usagers.", en: "A survey."}
"""
V2 = V1.replace('version: "1.0"', 'version: "2.0"').rstrip("\n") + "\n" + NEW_ITEM.lstrip("\n")
QID = "minimal-example"
IN_PLACE = AnswerInput(status="in_place", extent="whole")


def _two_waves(world):
    """Wave 1 filled under 1.0; then 2.0 (one more item) is published and wave 2 is filled under it."""
    publish_questionnaire(world.engine, QID, "1.0", V1)
    with write_session(world.engine) as s:
        create_campaign(s, world.national, "w1", "Vague 1", {QID: "1.0"}, status="open")
        first = open_response(s, world.team_a.establishment([world.site_a1], campaign_id="w1"), "w1",
                              world.site_a1, QID).id
        for item in ("care.info.leaflet", "care.consult.what_matters"):
            save_answer(s, world.national, first, item, IN_PLACE, base_version=None)
    publish_questionnaire(world.engine, QID, "2.0", V2)
    with write_session(world.engine) as s:
        create_campaign(s, world.national, "w2", "Vague 2", {QID: "2.0"}, wave=2, previous_campaign_id="w1",
                        status="open")
        second = open_response(s, world.national, "w2", world.site_a1, QID).id
        for item in ("care.info.leaflet", "care.consult.survey"):
            save_answer(s, world.national, second, item, IN_PLACE, base_version=None)
    return first, second


def test_a_response_scores_under_the_version_it_was_filled_under(world):
    first, second = _two_waves(world)
    assert get_published(world.engine, QID, "1.0").yaml_text == V1  # the old version is kept as it was
    with read_session(world.engine) as s:
        responses, _ = load_frames(s, world.national, ["w1", "w2"])
    assert dict(zip(responses["response_id"], responses["questionnaire_version"])) == {first: "1.0", second: "2.0"}

    wave1 = score_campaign(world.engine, world.national, "w1")
    assert wave1.problems == [] and wave1.questionnaire.version == "1.0"
    assert set(wave1.result.responses["response_id"].astype(str)) == {first}
    items = set(wave1.result.item_states["item_id"].astype(str))
    assert "care.consult.what_matters" in items and "care.consult.survey" not in items

    wave2 = score_campaign(world.engine, world.national, "w2")  # wave 1's 1.0 answers never scored under 2.0
    assert wave2.problems == [] and wave2.questionnaire.version == "2.0"
    assert set(wave2.result.responses["response_id"].astype(str)) == {second}
    assert "care.consult.survey" in set(wave2.result.item_states["item_id"].astype(str))
