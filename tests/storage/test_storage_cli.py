"""`continuum invite` and `continuum backup`, on SQLite and PostgreSQL: what a coordinator and an admin type."""

from __future__ import annotations

import shlex
import sqlite3
import subprocess

import pytest
from sqlalchemy.engine import make_url

from continuum.cli import main
from storage.answers import AnswerInput, get_answers, save_answer
from storage.engine import make_engine, read_session, temporary_schema, write_session
from storage.invitations import redeem_invitation
from storage.migrate import upgrade
from storage.models import Invitation

from fixtures.db import World, database_snapshot


def run(monkeypatch, capsys, url: str, *argv: str) -> tuple[int, str, str]:
    monkeypatch.setenv("CONTINUUM_DATABASE_URL", url)
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def lines(out: str) -> dict[str, str]:
    return dict(line.split(": ", 1) for line in out.splitlines() if ": " in line)


def test_invite_shows_the_code_once_stores_its_hash_and_the_code_opens_the_sites(world, db_url, monkeypatch,
                                                                                 capsys, tmp_path):
    listing = tmp_path / "codes.csv"
    code, out, err = run(monkeypatch, capsys, db_url, "invite", "--campaign", "c1", "--establishment", world.site_a1,
                         "--establishment", world.site_a2, "--days", "30", "-o", str(listing))
    assert code == 0, err
    printed = lines(out)
    assert printed["campaign"] == "c1" and printed["sites"].split() == sorted([world.site_a1, world.site_a2])
    assert "shown once" in err
    with read_session(world.engine) as s:
        stored = s.get(Invitation, printed["code"][:4])
        assert printed["code"][5:] not in stored.code_hash and stored.code_hash.startswith("scrypt$")
        scope = redeem_invitation(s, printed["code"])
    assert scope.sites == {world.site_a1, world.site_a2} and scope.campaign_id == "c1"
    run(monkeypatch, capsys, db_url, "invite", "--campaign", "c1", "--establishment", world.site_b, "-o", str(listing))
    rows = listing.read_text(encoding="utf-8").splitlines()
    assert rows[0] == "code,campaign,sites,expires" and len(rows) == 3
    assert rows[1].startswith(printed["code"] + ",c1,")


@pytest.mark.parametrize("arguments, expected", [
    (["--campaign", "c1", "--establishment", "EJ"], "finess-is-legal-entity"),
    (["--campaign", "c1", "--establishment", "440000109"], "finess-invalid"),
    (["--campaign", "c-nope", "--establishment", "ET"], "campaign-unknown"),
])
def test_invite_refuses_bad_input_with_a_table_and_writes_nothing(world, db_url, monkeypatch, capsys, arguments,
                                                                  expected):
    arguments = [{"EJ": world.ej, "ET": world.site_a1}.get(a, a) for a in arguments]
    before = database_snapshot(world.engine)
    code, out, err = run(monkeypatch, capsys, db_url, "invite", *arguments)
    assert code == 1 and out == ""
    assert expected in err and "Traceback" not in err and err.splitlines()[0].split()[:3] == [
        "severity", "code", "location"]
    assert database_snapshot(world.engine) == before


@pytest.fixture
def sqlite_world(tmp_path):
    url = f"sqlite:///{tmp_path / 'live.db'}"
    engine = make_engine(url)
    upgrade(engine)
    yield World(engine), url
    engine.dispose()


@pytest.fixture
def postgres_world(postgres_server_url):
    with temporary_schema(postgres_server_url, prefix="test") as url:
        engine = make_engine(url)
        upgrade(engine)
        yield World(engine), url
        engine.dispose()


def test_backup_of_sqlite_is_a_consistent_database_with_every_answer(sqlite_world, monkeypatch, capsys, tmp_path):
    world, db_url = sqlite_world
    response = world.response()
    with write_session(world.engine) as s:
        save_answer(s, world.team_a, response, "care.info", AnswerInput(status="in_place", comment="livret relu"),
                    base_version=None)
    target = tmp_path / "copies" / "continuum-backup.db"
    code, out, err = run(monkeypatch, capsys, db_url, "backup", "-o", str(target))
    assert code == 0, err
    assert lines(out)["integrity"] == "ok" and lines(out)["backend"] == "sqlite"
    with sqlite3.connect(target) as raw:
        assert raw.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    copy = make_engine(f"sqlite:///{target}")
    with read_session(copy) as s:
        assert [(a["item_id"], a["comment"]) for a in get_answers(s, world.team_a, response)] == [
            ("care.info", "livret relu")]
    assert database_snapshot(copy) == database_snapshot(world.engine)
    copy.dispose()
    code, _, err = run(monkeypatch, capsys, db_url, "backup", "-o", str(make_url(db_url).database))
    assert code == 1 and "backup-overwrites-database" in err and "Traceback" not in err


@pytest.mark.postgres
def test_backup_on_postgresql_prints_a_pg_dump_command_that_works(postgres_world, monkeypatch, capsys, tmp_path):
    _, db_url = postgres_world
    target = tmp_path / "continuum.dump"
    code, out, err = run(monkeypatch, capsys, db_url, "backup", "-o", str(target))
    assert code == 0, err
    printed = lines(out)
    assert printed["backend"] == "postgresql" and "PGPASSWORD" in printed["note"]
    command = shlex.split(printed["command"])
    url = make_url(db_url)
    assert command[:3] == ["pg_dump", "--format=custom", f"--file={target}"] and command[-1] == url.database
    assert f"--host={url.host}" in command and f"--port={url.port}" in command
    schema = url.query["options"].split("search_path=")[1]  # the test's own schema, not the whole server
    done = subprocess.run([*command, f"--schema={schema}"], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    listing = subprocess.run(["pg_restore", "--list", str(target)], capture_output=True, text=True).stdout
    assert "TABLE DATA" in listing and " answers " in listing
