"""What a reader finds in the reports, checked on their HTML (no browser needed): the edge cases and privacy."""

from __future__ import annotations

import pytest
from rep_fixtures import TODAY, campaign, demo_engine, plain

from charts.peers import peer_figure
from charts.profile import matrix_labels, response_profile
from continuum.i18n import t
from reports import figures
from reports.individual import Shared, establishment_document, rows_of
from reports.regional import regional_document
from reports.render import html_of


@pytest.fixture(scope="module")
def engine(demo_db_file, tmp_path_factory):
    eng = demo_engine(demo_db_file, tmp_path_factory)
    yield eng
    eng.dispose()


@pytest.fixture(scope="module")
def wave2(engine):
    return Shared.of(campaign(engine, "demo-national-w2"), "fr", today=TODAY)


@pytest.fixture(scope="module")
def wave1(engine):
    return Shared.of(campaign(engine, "demo-national-w1"), "fr", today=TODAY)


def html_text(doc) -> str:
    import re

    return plain(re.sub(r"<[^>]+>", " ", html_of(doc)).replace("&#39;", "'").replace("&amp;", "&"))


def region_with(shared, fewer_than_five: bool) -> str:
    current = shared.data.current()
    submitted = current[current["status"] == "submitted"].groupby("region")["establishment"].nunique()
    return next(r for r, n in submitted.items() if (n < 5 if fewer_than_five else n > 5))


def test_fewer_than_five_peers_says_so_and_gives_no_share(wave2):
    region = region_with(wave2, fewer_than_five=True)
    current = wave2.data.current()
    # a submitted member of a region with at most 5 submitted has at most 4 peers (itself excluded)
    finess = current.loc[(current["region"] == region) & (current["status"] == "submitted"), "establishment"].iloc[0]
    doc = establishment_document(wave2, finess)
    region_group = next(g for g in doc.context["peers"]["groups"]
                        if g["title"] == t("reports.peers.group_region", "fr"))
    assert region_group["note"].startswith("Pas assez de pairs")
    column = doc.context["peers"]["table"].headers.index("Région")
    assert {row[column] for row in doc.context["peers"]["table"].rows} <= {"pas assez de pairs", "non comparé"}
    assert "il en faut au moins 5" in html_text(doc)


def test_first_wave_explains_why_there_is_no_progress(wave1):
    finess = wave1.data.current()["establishment"].iloc[0]
    text = html_text(establishment_document(wave1, finess))
    assert "Pas d'évolution à montrer : c'est la première vague" in text
    assert "Comparaison avec la vague" not in text


def test_second_wave_shows_progress_since_the_first(wave2):
    changes = wave2.changes.cells
    finess = str(changes["establishment"].iloc[0])
    doc = establishment_document(wave2, finess)
    assert doc.context["progress"]["since"] == "Comparaison avec la vague 1."
    assert "coverage" in doc.figures


def test_an_individual_report_names_no_other_establishment(wave2):
    finess = wave2.data.current()["establishment"].iloc[0]
    own = wave2.data.sites[finess].name
    text = html_text(establishment_document(wave2, finess))
    others = [s.name for f, s in wave2.data.sites.items() if s.name != own and not own.startswith(s.name)
              and len(s.name) > 12]
    assert own in text
    assert not [name for name in others if name in text]


def test_the_fixed_caption_and_the_voluntary_note_are_printed(wave2):
    text = html_text(establishment_document(wave2, wave2.data.current()["establishment"].iloc[0]))
    assert "L'information et la consultation restent essentielles" in text
    assert "La participation est volontaire" in text
    assert "classement" in text  # "Ce n'est pas un classement"


def test_regional_report_names_only_establishments_that_consented(wave2):
    region = region_with(wave2, fewer_than_five=False)
    doc = regional_document(wave2, region)
    text = html_text(doc)
    current = wave2.data.current()
    in_region = set(current.loc[current["region"] == region, "establishment"])
    named = {f for f in in_region if f in wave2.data.named}
    silent = in_region - named
    assert named and silent, "the demo should have both kinds in this region"
    assert all(f"({f})" in text for f in named)
    named_names = {wave2.data.sites[f].name for f in named}  # two sites of one entity may share a name
    assert not [f for f in silent if f in text]
    assert not [f for f in silent if wave2.data.sites[f].name not in named_names
                and wave2.data.sites[f].name + " (" in text]
    assert f"et {len(silent)} autre(s) établissement(s)" in text


def test_regional_report_below_five_gives_participation_only(wave2):
    doc = regional_document(wave2, region_with(wave2, fewer_than_five=True))
    assert not doc.context["enough"]
    assert "profile" not in doc.context and not doc.figures
    assert "Moins de 5 établissements ont envoyé" in html_text(doc)


def test_report_grids_are_the_dashboard_figures(wave2):
    """The report draws its grids faster, but exactly as the dashboard's figure functions do."""
    data = wave2.data
    row = data.current().iloc[0]
    cells = rows_of(data.result.cell_states, str(row["response_id"]))
    assert figures.profile(data.questionnaire, cells, "fr").to_dict() == response_profile(
        data.questionnaire, cells, "fr").to_dict()
    view = wave2.peers(row)[-1]
    levels, degrees = matrix_labels(data.questionnaire, "en")
    own = {"care|information": "present"}
    assert figures.peers(view.shares, levels, degrees, "en", own).to_dict() == peer_figure(
        view.shares, levels, degrees, "en", own_labels=own).to_dict()


def test_english_report_speaks_english(engine):
    shared = Shared.of(campaign(engine, "demo-national-w2"), "en", today=TODAY)
    text = html_text(establishment_document(shared, shared.data.current()["establishment"].iloc[0]))
    assert "Information and consultation remain essential" in text
    assert "profil d'engagement" not in text.lower()


def test_charts_go_to_paper_with_french_spaces_and_room_for_their_row_labels(wave2):
    from reports.figures import print_figure

    doc = establishment_document(wave2, wave2.data.current()["establishment"].iloc[0])
    grid = doc.figures["profile"].figure
    printed = print_figure(grid, "fr")
    caption = printed.layout.annotations[-1].text
    assert "essentielles\u202f:" in caption and " :" not in caption
    longest = max(len(line) for label in grid.layout.yaxis.ticktext for line in label.replace("<b>", "").replace(
        "</b>", "").split("<br>"))
    assert printed.layout.margin.l >= 7 * longest  # the labels fit before any automargin pass
    assert grid.layout.annotations[-1].text == caption.replace("\u202f", " ")  # the dashboard's figure is untouched
    assert print_figure(grid, "en").layout.annotations[-1].text == grid.layout.annotations[-1].text


def test_a_draft_is_reported_as_a_draft_that_peers_do_not_count(wave2):
    current = wave2.data.current()
    draft = current.loc[current["status"] != "submitted", "establishment"].iloc[0]
    text = html_text(establishment_document(wave2, draft))
    assert "Auto-évaluation non envoyée : ce rapport est calculé sur un brouillon" in text
    assert "non envoyée (brouillon)" in text
    submitted = current.loc[current["status"] == "submitted", "establishment"].iloc[0]
    assert "calculé sur un brouillon" not in html_text(establishment_document(wave2, submitted))


def test_bar_charts_go_to_paper_with_room_for_their_row_labels(wave2):
    from reports.figures import print_figure

    distribution = regional_document(wave2, "76").figures["distribution"].figure
    rows = {y for trace in distribution.data for y in trace.y}
    longest = max(len(line) for label in rows for line in label.split("<br>"))
    assert print_figure(distribution, "fr").layout.margin.l >= 7 * longest > distribution.layout.margin.l
