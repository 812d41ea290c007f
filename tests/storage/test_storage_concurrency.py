"""No lost updates: 50 savers behind a barrier, a saver killed mid-save, several processes migrating at once."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import textwrap
import threading
from collections import defaultdict
from pathlib import Path

import pytest
from sqlalchemy import func, select

from storage.answers import AnswerInput, get_answers, save_answer
from storage.engine import DatabaseBusy, make_engine, read_session, run_write
from storage.errors import StaleAnswer
from storage.migrate import head_revision
from storage.models import AuditEntry

ITEMS = ["care.info", "care.consult", "org.info"]
THREADS, ROUNDS = 50, 4
CONTINUUM = str(Path(sys.executable).parent / "continuum")


def _saver(engine, scope, response, barrier, seed, outcomes):
    rng = random.Random(seed)
    barrier.wait()
    for round_ in range(ROUNDS):
        item = rng.choice(ITEMS)
        with read_session(engine) as s:
            current = {a["item_id"]: a["version"] for a in get_answers(s, scope, response)}
        base = current.get(item, 0)
        value = f"saver {seed} round {round_}"
        try:
            saved = run_write(engine, lambda s: save_answer(s, scope.as_actor(f"saver {seed}"), response, item,
                                                            AnswerInput(status="in_place", comment=value),
                                                            base_version=base), retries=5)
            outcomes.append(("saved", item, saved.version, value))
        except StaleAnswer as error:
            assert error.current["version"] > base and error.saved_by.startswith("saver")
            outcomes.append(("conflict", item, base, value))
        except DatabaseBusy:
            outcomes.append(("busy", item, base, value))


@pytest.mark.timeout(300)
def test_fifty_concurrent_savers_lose_nothing_and_every_conflict_is_reported(world, db_url):
    engine = make_engine(db_url, pool_size=20)
    response = world.response()
    barrier, outcomes = threading.Barrier(THREADS), []
    threads = [threading.Thread(target=_saver, args=(engine, world.team_a, response, barrier, i, outcomes))
               for i in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(outcomes) == THREADS * ROUNDS  # every attempt ended in a save or a reported refusal
    saved = defaultdict(list)
    for kind, item, version, value in outcomes:
        if kind == "saved":
            saved[item].append((version, value))
    with read_session(engine) as s:
        final = {a["item_id"]: a for a in get_answers(s, world.team_a, response)}
        audited = dict(s.execute(select(AuditEntry.entity_id, func.count()).where(AuditEntry.action == "save")
                                 .group_by(AuditEntry.entity_id)).all())
    for item, chain in saved.items():
        versions = sorted(v for v, _ in chain)
        assert versions == list(range(1, len(versions) + 1))  # each version was written by exactly one saver
        assert final[item]["version"] == versions[-1] and final[item]["comment"] == max(chain)[1]
        assert audited[f"response/{response}/{item}"] == len(chain)
    assert sum(kind == "conflict" for kind, *_ in outcomes) > 0
    engine.dispose()


CHILD = textwrap.dedent("""
    import sys
    from storage.answers import AnswerInput, save_answer
    from storage.engine import make_engine, run_write
    from storage.scope import Scope

    url, response, site = sys.argv[1:4]
    engine = make_engine(url)
    scope = Scope.establishment([site], campaign_id="c1", actor="crash test")
    versions = {}
    for n in range(100000):
        item = ("care.info", "care.consult", "org.info")[n % 3]
        base = versions.get(item, 0)
        saved = run_write(engine, lambda s: save_answer(s, scope, response, item,
                                                        AnswerInput(status="in_place", comment=f"save {n}"),
                                                        base_version=base))
        versions[item] = saved.version
        print(item, saved.version, f"save {n}", flush=True)
""")


@pytest.mark.timeout(120)
def test_a_saver_killed_mid_save_leaves_confirmed_saves_and_a_consistent_database(world, db_url):
    response = world.response()
    child = subprocess.Popen([sys.executable, "-c", CHILD, db_url, response, world.site_a1], stdout=subprocess.PIPE,
                             text=True)
    confirmed = []
    for line in child.stdout:
        confirmed.append(line.split(maxsplit=2))
        if len(confirmed) >= 60:
            break
    os.kill(child.pid, signal.SIGKILL)
    child.wait()
    with read_session(world.engine) as s:
        final = {a["item_id"]: a for a in get_answers(s, world.team_a, response)}
        audited = dict(s.execute(select(AuditEntry.entity_id, func.count()).where(AuditEntry.action == "save")
                                 .group_by(AuditEntry.entity_id)).all())
        if world.engine.dialect.name == "sqlite":
            assert s.connection().exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
    for item, version, value in confirmed:
        assert final[item]["version"] >= int(version)
        if final[item]["version"] == int(version):
            assert final[item]["comment"] == value.strip()
    for item, answer in final.items():  # answer and audit entry were committed together, or not at all
        assert audited[f"response/{response}/{item}"] == answer["version"]


@pytest.mark.timeout(120)
def test_several_processes_upgrading_at_once_migrate_once(db_url):
    env = {**os.environ, "CONTINUUM_DATABASE_URL": db_url}
    processes = [subprocess.Popen([CONTINUUM, "db", "upgrade"], env=env, stdout=subprocess.PIPE,
                                  stderr=subprocess.PIPE, text=True) for _ in range(4)]
    results = [p.communicate() + (p.returncode,) for p in processes]
    assert all(code == 0 for _, _, code in results), results
    assert all(f"revision: {head_revision()}" in out for out, _, _ in results)
    assert sum("revision_before: none" in out for out, _, _ in results) == 1
