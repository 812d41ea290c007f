"""The readers' pages under AppTest on the demo database: the national role and an ARS analyst (demo accounts
`national` and `ars-52`), in French and in English.

They see aggregated views (k ≥ 5) and, for the national role, the establishments that consented to be
identified nationally; every page that shows one establishment's answers, or the campaign's management,
refuses them calmly.
"""

from __future__ import annotations

import pytest
from sqlalchemy import select

from continuum.i18n import t
from continuum.reference import REGIONS
from storage.engine import make_engine, read_session
from storage.frames import load_frames
from storage.models import Consent, Site
from storage.scope import Scope

from test_acc_pages import identity_of
from results.res_support import app_for, texts

OPEN, MATRIX = "demo-national-w2", "montreal-matrix"
REFUSED_PAGES = ("results", "consensus", "coordinator_followup", "coordinator_comparison", "coordinator_groups",
                 "reports", "spreadsheets", "admin_users", "admin_establishments", "admin_campaigns",
                 "admin_invitations", "admin_data")


def _submitted(url: str):
    engine = make_engine(url)
    with read_session(engine) as s:
        responses, _ = load_frames(s, Scope.national(), OPEN, questionnaire_id=MATRIX, statuses=["submitted"])
        consented = set(s.execute(select(Consent.site).where(Consent.kind == "results_to_national",
                                                             Consent.granted.is_(True))).scalars())
        names = dict(s.execute(select(Site.finess, Site.name)).all())
    engine.dispose()
    return responses, consented, names


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_national_role_lands_on_aggregates_of_every_region(demo_db_url, monkeypatch, lang):
    responses, consented, names = _submitted(demo_db_url)
    at = app_for(demo_db_url, monkeypatch, identity_of(demo_db_url, "national"), "aggregates", lang)
    assert not texts(at, "error")
    assert at.title[0].value == t("results.agg.title", lang)
    assert t("results.agg.n_establishments", lang, n=responses["establishment"].nunique()) in texts(at, "markdown")
    assert len(at.get("plotly_chart")) >= 1  # the distribution of states
    tables = [d.value for d in at.dataframe]
    distribution = next(f for f in tables if t("results.col.count", lang) in f.columns)
    per_cell = distribution.groupby([t("results.col.level", lang), t("results.col.degree", lang)])[
        t("results.col.count", lang)].sum()
    assert set(per_cell) == {responses["establishment"].nunique()}  # every submitted establishment, once a cell
    per_region = responses.groupby("region")["establishment"].nunique()
    regions = next(f for f in tables if t("results.agg.col_responses", lang) in f.columns)
    shown = set(regions[t("results.col.region", lang)])
    assert shown <= {REGIONS[r] for r in REGIONS} and shown  # regions in words, never an establishment
    identified = next(f for f in tables if t("results.col.finess", lang) in f.columns)
    expected = {names[f] for f in set(responses["establishment"]) & consented}
    assert expected and set(identified[t("results.col.establishment", lang)]) == expected
    assert not set(identified[t("results.col.finess", lang)]) - consented  # no one named without consent
    assert all(set(responses["establishment"]) & set(map(str, f.to_numpy().ravel())) <= consented for f in tables)


def test_the_national_role_sees_nothing_below_five(demo_db_url, monkeypatch):
    responses, _, _ = _submitted(demo_db_url)
    per_region = responses.groupby("region")["establishment"].nunique()
    small = per_region[per_region < 5]
    assert len(small), "the demo has a region with fewer than five submitted self-assessments"
    at = app_for(demo_db_url, monkeypatch, identity_of(demo_db_url, "national"), "aggregates")
    at.selectbox(key="agg_region").set_value(small.index[0]).run()
    assert any(f"({int(small.iloc[0])})" in w for w in texts(at, "warning"))
    assert not [d for d in at.dataframe if t("results.col.count", "fr") in d.value.columns]


@pytest.mark.parametrize("page", REFUSED_PAGES)
def test_isolation_the_national_role_is_refused_every_establishment_and_campaign_page(demo_db_url, monkeypatch, page):
    at = app_for(demo_db_url, monkeypatch, identity_of(demo_db_url, "national"), page)
    assert not texts(at, "error")
    assert t("identity.wrong_role", "fr") in texts(at, "warning"), page
    assert not at.dataframe and not at.get("plotly_chart")


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_an_ars_analyst_sees_its_region_aggregates_and_its_consenting_establishments(demo_db_url, monkeypatch, lang):
    responses, _, _ = _submitted(demo_db_url)
    identity = identity_of(demo_db_url, "ars-52")
    at = app_for(demo_db_url, monkeypatch, identity, "aggregates", lang)
    assert not texts(at, "error")
    assert at.selectbox(key="agg_region").options == [t("results.agg.everywhere_ars", lang), REGIONS["52"]]
    n = responses.loc[responses["region"] == "52", "establishment"].nunique()
    assert t("results.agg.n_establishments", lang, n=n) in texts(at, "markdown")
    assert t("results.agg.ars_consented", lang, n=len(identity.scope.sites)) in texts(at, "info")
    assert not [m for m in at.get("tab") if m.label == t("results.agg.tab_identified", lang)]
    at.switch_page("views/pages/coordinator_comparison.py").run()
    assert not at.exception and not texts(at, "error")
    table = next(d.value for d in at.dataframe if t("results.col.region", lang) in d.value.columns)
    assert set(table[t("results.col.region", lang)]) == {REGIONS["52"]}
    assert len(table) <= len(identity.scope.sites)  # only establishments that consented to the ARS
    assert t("results.coord.national", lang) not in " ".join(texts(at, "markdown"))  # no national figures
    at.switch_page("views/pages/coordinator_followup.py").run()
    assert t("identity.wrong_role", lang) in texts(at, "warning")


def test_other_roles_are_refused_the_aggregated_views(demo_db_url, monkeypatch):
    at = app_for(demo_db_url, monkeypatch, identity_of(demo_db_url, "qualite.chu"), "aggregates")
    assert t("identity.wrong_role", "fr") in texts(at, "warning") and not at.dataframe
