"""An old database with data upgrades to head and keeps everything; first start from several processes at once."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest
from sqlalchemy import func, inspect, select

from storage.answers import AnswerInput, get_answers, save_answer
from storage.engine import make_engine, read_session, write_session
from storage.migrate import current_revision, head_revision, upgrade
from storage.models import AuditEntry, Campaign, Site
from storage.plans import add_initiative, list_initiatives
from storage.responses import reopen_response, submit_response

from fixtures.db import World


def test_a_database_at_the_first_migration_with_data_upgrades_and_keeps_everything(db_url):
    engine = make_engine(db_url)
    upgrade(engine, "0001")
    assert "initiatives" not in inspect(engine).get_table_names()
    world = World(engine)  # sites, a published questionnaire, a campaign: all 0001 tables
    response = world.response()
    with write_session(engine) as s:
        save_answer(s, world.team_a, response, "care.info", AnswerInput(status="in_place", extent="whole",
                                                                        comment="livret"), base_version=0)
        submit_response(s, world.team_a, response)
    with read_session(engine) as s:
        audit_before = s.execute(select(func.count()).select_from(AuditEntry)).scalar()

    assert upgrade(engine) == ("0001", head_revision())

    assert current_revision(engine) == head_revision()
    with read_session(engine) as s:
        assert s.execute(select(func.count()).select_from(Site)).scalar() == 3
        assert s.get(Campaign, "c1").status == "open"
        answer = get_answers(s, world.team_a, response)[0]
        assert (answer["status"], answer["comment"], answer["version"]) == ("in_place", "livret", 1)
        assert s.execute(select(func.count()).select_from(AuditEntry)).scalar() == audit_before
    assert "ix_audit_log_campaign_id" in {i["name"] for i in inspect(engine).get_indexes("audit_log")}
    with write_session(engine) as s:  # the new tables work on the upgraded database
        reopen_response(s, world.coordinator_a, response, "add the inventory")
        add_initiative(s, world.team_a, response, "initiatives", "Comité des usagers coanimé")
    with read_session(engine) as s:
        assert list_initiatives(s, world.team_a, response)[0]["title"] == "Comité des usagers coanimé"
    engine.dispose()


FIRST_START = textwrap.dedent("""
    import sys
    from storage.bootstrap import ensure_database
    engine = ensure_database(database_url=sys.argv[1], demo=True)
    engine.dispose()
""")


@pytest.mark.timeout(180)
def test_several_app_processes_starting_at_once_seed_the_demo_once(tmp_path):
    url = f"sqlite:///{tmp_path / 'first.db'}"
    processes = [subprocess.Popen([sys.executable, "-c", FIRST_START, url], stderr=subprocess.PIPE, text=True)
                 for _ in range(3)]
    errors = [p.communicate()[1] for p in processes]
    assert [p.returncode for p in processes] == [0, 0, 0], errors
    engine = make_engine(url)
    with read_session(engine) as s:
        assert s.execute(select(func.count()).select_from(Campaign)).scalar() == 2
    engine.dispose()
