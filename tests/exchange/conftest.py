"""Fixtures for the spreadsheet tests: a small world on the ``engine`` fixture (SQLite and PostgreSQL)."""

from __future__ import annotations

import pytest

from xl_support import LIMITS_QUESTIONNAIRE, OTHER_QUESTIONNAIRE, XL_QUESTIONNAIRE


class XlWorld:
    """One legal entity with two sites, a site of another region, an open campaign on `xl-mini`."""

    def __init__(self, engine):
        from continuum.reference import finess_with_key
        from questionnaires.loader import load_questionnaire_text
        from storage.campaigns import create_campaign
        from storage.engine import write_session
        from storage.establishments import add_legal_entity, add_site
        from storage.questionnaires import publish_questionnaire
        from storage.scope import Scope

        self.engine = engine
        self.national = Scope.national(actor="Nadia (national)")
        self.ej = finess_with_key("44000001")
        self.site, self.site2 = finess_with_key("44000010"), finess_with_key("44000020")
        self.other_ej, self.other_site = finess_with_key("35000001"), finess_with_key("35000010")
        self.questionnaire = load_questionnaire_text(XL_QUESTIONNAIRE)
        self.other = load_questionnaire_text(OTHER_QUESTIONNAIRE)
        with write_session(engine) as s:
            add_legal_entity(s, self.national, self.ej, "CHU Test", "chu", "public", "52", 1500)
            add_site(s, self.national, self.site, self.ej, "Hôtel-Dieu", "chu", "public", "52", 900)
            add_site(s, self.national, self.site2, self.ej, "Saint-Jacques", "chu", "public", "52", 600)
            add_legal_entity(s, self.national, self.other_ej, "EHPAD Rennes", "ehpad", "public", "53")
            add_site(s, self.national, self.other_site, self.other_ej, "EHPAD Rennes", "ehpad", "public", "53", 80)
            publish_questionnaire(s, "xl-mini", "1.0", XL_QUESTIONNAIRE, scope=self.national)
            publish_questionnaire(s, "xl-other", "2.0", OTHER_QUESTIONNAIRE, scope=self.national)
            create_campaign(s, self.national, "xl", "Campagne tableur", {"xl-mini": "1.0"}, status="open")
        self.coordinator = Scope.region(["52"], actor="Régine (SRA 52)")
        self.limits = load_questionnaire_text(LIMITS_QUESTIONNAIRE)

    def add_limits_campaign(self) -> str:
        """Campaign `xl-limits` on the questionnaire whose group takes one to three entries."""
        from storage.campaigns import create_campaign
        from storage.engine import write_session
        from storage.questionnaires import publish_questionnaire

        with write_session(self.engine) as s:
            publish_questionnaire(s, "xl-limits", "1.0", LIMITS_QUESTIONNAIRE, scope=self.national)
            create_campaign(s, self.national, "xl-limits", "Campagne équipes", {"xl-limits": "1.0"}, status="open")
        return "xl-limits"


@pytest.fixture
def xl_world(engine) -> XlWorld:
    return XlWorld(engine)
