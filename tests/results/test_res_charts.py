"""Chart builders on hand-made frames: colours by degree, shading by state, words in every cell, no NaN."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from charts.distributions import distribution_figure, state_counts
from charts.enabling import dimension_counts, radar_figure
from charts.palette import DEGREE_COLOURS, NEUTRAL, STATE_SHADE, state_fill, tint
from charts.peers import peer_cells, peer_table
from charts.profile import profile_cells, profile_figure, profile_table
from charts.progress import coverage_figure
from questionnaires.loader import load_questionnaire_text

LEVELS = [("care", "Soins"), ("teaching", "Enseignement")]
DEGREES = [("information", "Information"), ("consultation", "Consultation")]
COUNTS = ("n_items", "n_applicable", "n_not_applicable", "n_answered", "n_to_be_agreed", "n_unanswered",
          "n_in_place", "n_in_place_beyond_pilot", "n_evaluated", "n_being_set_up")


def cell(level, degree, state, *, items=4, applicable=4, in_place=0, to_be_agreed=0, completeness=1.0,
         low=False, optional=False) -> dict:
    row = dict.fromkeys(COUNTS, 0)
    row.update(response_id="r1", level=level, degree=degree, state=state, n_items=items, n_applicable=applicable,
               n_answered=applicable - to_be_agreed, n_to_be_agreed=to_be_agreed, n_in_place=in_place,
               completeness=completeness, low_completeness=low, optional=optional)
    return row


@pytest.fixture
def cells() -> pd.DataFrame:
    return pd.DataFrame([
        cell("care", "information", "present", in_place=2),
        cell("care", "consultation", "declared_not_evidenced", in_place=3, to_be_agreed=1, completeness=0.4, low=True),
        cell("teaching", "information", "not_applicable", applicable=0, optional=True),
        cell("teaching", "consultation", "absent"),
    ])


def by_cell(frame: pd.DataFrame) -> dict:
    return {(r.level, r.degree): r for r in frame.itertuples(index=False)}


def test_each_cell_says_its_state_and_counts_in_french(cells):
    shown = by_cell(profile_cells(cells, "fr"))
    assert "présent" in shown["care", "information"].text
    assert "2 sur 4 en place" in shown["care", "information"].text
    assert "déclaré, non démontré" in shown["care", "consultation"].text
    assert "1 pratique(s) à mettre en consensus" in shown["care", "consultation"].text
    assert "complétude faible (40 %)" in shown["care", "consultation"].text
    assert "niveau facultatif" in shown["teaching", "information"].text
    assert "0 sur 4 en place" in shown["teaching", "consultation"].text


def test_cells_speak_english_when_asked(cells):
    shown = by_cell(profile_cells(cells, "en"))
    assert "2 of 4 in place" in shown["care", "information"].text
    assert "declared, not evidenced" in shown["care", "consultation"].text


def test_shading_follows_the_degree_colour_and_the_state(cells):
    shown = by_cell(profile_cells(cells, "fr"))
    assert shown["care", "information"].fill == tint(DEGREE_COLOURS["information"], STATE_SHADE["present"])
    assert shown["teaching", "consultation"].fill == "#FFFFFF"  # absent: white, with its degree's outline
    assert shown["teaching", "consultation"].dash == "solid"
    assert shown["care", "consultation"].dash == "dash"  # declared, not evidenced
    assert shown["teaching", "information"].fill == NEUTRAL  # optional level: neither absent nor a state
    assert shown["teaching", "information"].dash == "dot"


def test_no_fill_comes_from_outside_the_degree_palette():
    """Never a red-to-green scale: every fill is a degree colour mixed with white, or the neutral grey."""
    allowed = {NEUTRAL} | {tint(c, s) for c in DEGREE_COLOURS.values() for s in (*STATE_SHADE.values(), 0.3)}
    for degree in DEGREE_COLOURS:
        for state in ("absent", "emerging", "declared_not_evidenced", "present", "established", "not_assessed"):
            assert state_fill(degree, state) in allowed


def test_profile_figure_carries_the_fixed_caption_and_no_nan(cells):
    fig = profile_figure(profile_cells(cells, "fr"), LEVELS, DEGREES,
                         caption="L'information et la consultation restent essentielles.")
    texts = [a.text for a in fig.layout.annotations]
    assert any("restent essentielles" in x for x in texts)
    assert "nan" not in json.dumps(fig.to_plotly_json(), default=str).lower().replace("nanum", "")


def test_profile_table_is_the_grid_in_words(cells):
    table = profile_table(cells, _q(), "fr")
    first = table.iloc[0]
    assert (first["Niveau"], first["État"], first["En place"], first["Applicables"]) == ("Soins", "présent", "2", "4")
    optional = table[table["Niveau"] == "Enseignement"].iloc[0]
    assert optional["État"] == "niveau facultatif non retenu" and optional["En place"] == "—"


def peer_frame() -> pd.DataFrame:
    return pd.DataFrame([
        ("care", "information", "shown", 0.5, 0.4, 0.6),
        ("care", "consultation", "shown", 0.45, 0.45, 0.45),
        ("teaching", "information", "not_compared", float("nan"), float("nan"), float("nan")),
        ("teaching", "consultation", "not_enough_peers", float("nan"), float("nan"), float("nan")),
    ], columns=["level", "degree", "status", "share", "share_low", "share_high"])


def test_peer_shares_are_bands_from_5_to_9_and_exact_from_10():
    shown = by_cell(peer_cells(peer_frame(), "fr", {"care|information": "présent"}))
    assert "40–60 %" in shown["care", "information"].text
    assert "chez vous : présent" in shown["care", "information"].text
    assert "45\u202f%" in shown["care", "consultation"].text
    assert "non comparé" in shown["teaching", "information"].text
    assert shown["teaching", "information"].fill == NEUTRAL
    assert "pas assez de pairs" in shown["teaching", "consultation"].text


def test_peer_table_has_no_own_column_for_a_group():
    table = peer_table(peer_frame(), dict(LEVELS), dict(DEGREES), "en")
    assert list(table.columns) == ["Level", "Form of engagement",
                                   "Share of peers where the cell is present or established"]
    assert table.iloc[0, 2] == "40–60%"


def test_state_counts_and_distribution_bars():
    frame = pd.DataFrame({"response_id": ["a", "b", "c", "a", "b", "c"],
                          "level": ["care"] * 6, "degree": ["information"] * 3 + ["consultation"] * 3,
                          "state": ["present", "present", "absent", "established", "absent", "absent"]})
    counts = state_counts(frame).set_index(["degree", "state"])
    assert counts.loc[("information", "present"), "count"] == 2
    assert counts.loc[("information", "present"), "share"] == pytest.approx(2 / 3)
    assert counts.loc[("consultation", "absent"), "share"] == pytest.approx(2 / 3)
    fig = distribution_figure(counts.reset_index(), LEVELS[:1], DEGREES, "fr")
    present = [b for b in fig.data if b.name == "présent"][0]
    assert list(present.x) == pytest.approx([200 / 3])
    assert present.marker.color[0] == state_fill("information", "present")


SCALES = """
scales:
  - id: status
    role: status
    options:
      - {code: not_in_place, meaning: not_in_place, label: {fr: Pas en place}}
      - {code: being_set_up, meaning: being_set_up, label: {fr: En cours}}
      - {code: in_place, meaning: in_place, label: {fr: En place}}
      - {code: evaluated, meaning: evaluated, label: {fr: Évalué}}
  - id: extent
    role: extent
    options:
      - {code: pilot, meaning: pilot, label: {fr: Pilote}}
      - {code: whole, meaning: beyond_pilot, label: {fr: Tout}}
  - id: priority
    role: priority
    options:
      - {code: high, rank: 1, label: {fr: Haute}}
"""


ENV = """
id: env
version: "1.0"
title: {fr: Env}
matrix:
  degrees: [{id: information, label: {fr: Information}}]
  levels: [{id: care, label: {fr: Soins}}]
dimensions:
  - {id: charter, label: {fr: Charte, en: Charter}}
  - {id: training, label: {fr: Formation, en: Training}}
sections:
  - id: s
    title: {fr: S}
    items:
      - {id: a, kind: practice, dimension: charter, text: {fr: A}}
      - {id: b, kind: practice, dimension: charter, text: {fr: B}}
      - {id: c, kind: practice, dimension: training, text: {fr: C}}
"""


def test_enabling_radar_counts_levers_in_place_per_dimension():
    q = load_questionnaire_text(ENV + SCALES)
    states = pd.DataFrame({"response_id": ["r"] * 3, "item_id": ["a", "b", "c"], "answered": [True, True, False],
                           "in_place": [True, False, False]})
    counts = dimension_counts(q, states, "en").set_index("dimension")
    assert counts.loc["charter", "share"] == pytest.approx(0.5)
    assert counts.loc["training", "n_answered"] == 0 and pd.isna(counts.loc["training", "share"])
    fig = radar_figure(counts.reset_index())
    assert list(fig.data[0].r) == [50.0, 0.0, 50.0]


def test_coverage_bars_are_percentages_per_wave_without_degree_colours():
    cov = pd.DataFrame({"level": ["care", "teaching", "care", "teaching"], "coverage": [0.25, float("nan"), 0.5, 1.0],
                        "wave_label": ["Vague 1", "Vague 1", "Vague 2", "Vague 2"]})
    fig = coverage_figure(cov, LEVELS)
    assert [list(b.y) for b in fig.data] == [[25.0, None], [50.0, 100.0]]
    assert not {b.marker.color for b in fig.data} & set(DEGREE_COLOURS.values())


def _q():
    return load_questionnaire_text("""
id: two
version: "1.0"
title: {fr: Deux}
matrix:
  degrees: [{id: information, label: {fr: Information}}, {id: consultation, label: {fr: Consultation}}]
  levels: [{id: care, label: {fr: Soins}}, {id: teaching, label: {fr: Enseignement}}]
sections:
  - id: s
    title: {fr: S}
    items:
      - {id: a, kind: practice, cells: [{level: care, degree: information}], text: {fr: A}}
""" + SCALES)


def test_counts_say_which_practices_count():
    """'2 of 2 in place' beside 'emerging' says the two are pilots; beside 'present' it needs no more."""
    from charts.profile import cell_parts

    pilots = pd.Series({**cell("care", "collaboration", "emerging", applicable=2, in_place=2),
                        "n_in_place_beyond_pilot": 0})
    beyond = pd.Series({**cell("care", "information", "present", applicable=2, in_place=2),
                        "n_in_place_beyond_pilot": 2, "n_evaluated": 1, "n_being_set_up": 0})
    setting_up = pd.Series({**cell("care", "partnership", "emerging", applicable=3, in_place=0),
                            "n_being_set_up": 1})
    parts = {k: cell_parts(r, "fr")[:2] for k, r in (("pilots", pilots), ("beyond", beyond), ("up", setting_up))}
    assert parts["pilots"] == ("émergent", ["2 sur 2 en place", "dont 2 en pilote"])
    assert parts["beyond"] == ("présent", ["2 sur 2 en place", "dont 1 évaluée(s)"])
    assert parts["up"] == ("émergent", ["0 sur 3 en place", "1 en cours de mise en place"])
    assert cell_parts(pilots, "en")[1] == ["2 of 2 in place", "of which 2 as a pilot"]


def test_forms_in_place_are_listed_in_the_matrix_order_never_only_the_highest():
    from charts.levels import forms_in_place

    frame = pd.DataFrame({"response_id": ["r1"] * 4 + ["r2"] * 4, "level": ["care"] * 8,
                          "degree": ["information", "consultation", "collaboration", "partnership"] * 2,
                          "state": ["established", "present", "declared_not_evidenced", "present",
                                    "absent", "emerging", "absent", "not_applicable"]})
    degrees = [("information", "Information"), ("consultation", "Consultation"), ("collaboration", "Collaboration"),
               ("partnership", "Partenariat / co-construction")]
    held = forms_in_place(frame, degrees)
    assert held[("r1", "care")] == "Information, consultation, partenariat / co-construction"
    assert ("r2", "care") not in held.index  # nothing held: the page says "no form in place"


def test_a_level_optional_for_all_is_one_wide_cell_and_texts_fit_their_cells():
    from charts.grid import CELL_CHARS, grid_figure

    shown = pd.DataFrame([{"level": lv, "degree": dg, "fill": NEUTRAL, "dash": "dot",
                           "text": "<b>niveau facultatif non retenu</b>", "hover": ""}
                          for lv, _ in LEVELS[1:] for dg, _ in DEGREES]
                         + [{"level": "care", "degree": "information", "fill": "#FFFFFF", "dash": "solid",
                             "text": "<b>déclaré, non démontré</b>\ndont 1 en pilote, 1 évaluée(s)", "hover": ""}])
    fig = grid_figure(shown, LEVELS, DEGREES)
    texts = [a.text for a in fig.layout.annotations]
    assert texts.count("<b>niveau facultatif non retenu</b>") == 1
    assert len([s for s in fig.layout.shapes if s.x1 - s.x0 > 1]) == 1  # one rectangle across the level
    lines = [p.replace("<b>", "").replace("</b>", "") for x in texts for p in x.split("<br>")]
    assert max(len(x) for x in lines if "facultatif" not in x) <= CELL_CHARS
    assert "dont 1\u00a0en pilote," in lines  # a number stays with its word


def test_distribution_bands_from_five_to_nine_establishments():
    from charts.distributions import band_figure, banded, state_counts

    frame = pd.DataFrame({"response_id": list("abcdefg"), "level": ["care"] * 7, "degree": ["information"] * 7,
                          "state": ["present"] * 4 + ["absent"] * 2 + ["established"],
                          "optional": [False] * 7})
    bands = banded(state_counts(frame)).set_index("state")
    assert (bands.loc["present", "band_low"], bands.loc["present", "band_high"]) == (40, 60)  # 4/7 = 57 %
    assert (bands.loc["absent", "band_low"], bands.loc["established", "band_low"]) == (20, 0)  # 29 %, 14 %
    assert set(bands["status"]) == {"banded"}
    text = band_figure(bands.reset_index(), LEVELS[:1], DEGREES, "fr").layout.annotations[0].text
    assert "57" not in text and "présent\u202f: 40–60\u202f%" in text
    optional = state_counts(frame.assign(state="not_applicable", optional=True))
    assert list(optional["state"]) == ["optional_level"]
