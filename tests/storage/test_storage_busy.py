"""SQLite "database busy" is its own outcome: reported as such (or retried), never taken for a version conflict.

Writes open with BEGIN IMMEDIATE, so a write that cannot get the lock fails before it reads
anything, and nothing of it is written; reads never take the write lock.
"""

from __future__ import annotations

import sqlite3
import threading

import pytest

from storage.answers import AnswerInput, get_answers, save_answer
from storage.engine import DatabaseBusy, make_engine, read_session, run_write, write_session
from storage.errors import StaleAnswer
from storage.migrate import upgrade

from fixtures.db import World, database_snapshot


@pytest.fixture
def sqlite_world(tmp_path):
    path = tmp_path / "busy.db"
    engine = make_engine(f"sqlite:///{path}", busy_timeout_ms=200)
    upgrade(engine)
    world = World(engine)
    world.path = path
    yield world
    engine.dispose()


def _hold_write_lock(path):
    """Another writer: a raw connection that holds SQLite's write lock until released."""
    other = sqlite3.connect(path, isolation_level=None, timeout=0, check_same_thread=False)
    other.execute("BEGIN IMMEDIATE")
    return other


def test_a_save_that_cannot_get_the_lock_is_reported_busy_and_writes_nothing(sqlite_world):
    world = sqlite_world
    response = world.response()
    before = database_snapshot(world.engine)
    other = _hold_write_lock(world.path)
    try:
        with pytest.raises(DatabaseBusy) as caught, write_session(world.engine) as s:
            save_answer(s, world.team_a, response, "care.info", AnswerInput(status="in_place"), base_version=None)
        assert not isinstance(caught.value, StaleAnswer)
        assert caught.value.problems[0].code == "database-busy"
        assert "nothing was written" in caught.value.problems[0].message
        with read_session(world.engine) as s:  # reading never waits for the writer
            assert get_answers(s, world.team_a, response) == []
    finally:
        other.rollback() if other.in_transaction else None
        other.close()
    assert database_snapshot(world.engine) == before


def test_busy_is_retried_and_the_save_lands_once_the_lock_is_free(sqlite_world):
    world = sqlite_world
    response = world.response()
    other = _hold_write_lock(world.path)
    release = threading.Timer(0.35, other.execute, args=("ROLLBACK",))  # the other writer finishes after a moment
    release.start()
    try:
        saved = run_write(world.engine, lambda s: save_answer(s, world.team_a, response, "care.info",
                                                              AnswerInput(status="in_place", extent="whole"),
                                                              base_version=None), retries=5, pause=0.1)
    finally:
        release.join()
        other.close()
    assert saved.version == 1
    with read_session(world.engine) as s:
        assert [a["status"] for a in get_answers(s, world.team_a, response)] == ["in_place"]


def test_a_stale_save_is_a_conflict_and_is_never_retried_as_busy(sqlite_world):
    world = sqlite_world
    response = world.response()
    run_write(world.engine, lambda s: save_answer(s, world.team_a, response, "care.info",
                                                  AnswerInput(status="in_place"), base_version=None))
    attempts = []

    def stale(s):
        attempts.append(1)
        return save_answer(s, world.team_a.as_actor("Bob"), response, "care.info", AnswerInput(status="evaluated"),
                           base_version=None)

    with pytest.raises(StaleAnswer) as caught:
        run_write(world.engine, stale, retries=5)
    assert caught.value.problems[0].code == "stale-answer" and len(attempts) == 1
