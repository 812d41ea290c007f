"""``continuum admin create-user`` as an operator runs it: the first admin, a personal code, a provider-only account."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select, text

from accounts.sessions import sign_in_code, sign_in_oidc, sign_in_password
from continuum.cli import main
from storage.engine import make_engine, read_session
from storage.models_accounts import UserAccount


@pytest.fixture
def cli_db(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'continuum.db'}"
    monkeypatch.setenv("CONTINUUM_DATABASE_URL", url)
    monkeypatch.setenv("CONTINUUM_SECRETS_FILE", str(tmp_path / "none.toml"))
    engine = make_engine(url)
    yield engine
    engine.dispose()


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(["admin", "create-user", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_the_first_admin_is_created_on_an_empty_database_with_a_password_shown_once(cli_db, capsys):
    code, out, err = run(capsys, "--role", "admin", "--login", "Root@Example.org", "--name", "Root Admin")
    assert code == 0 and "user: root@example.org" in out and "role: admin" in out and "Shown once" in err
    password = re.search(r"^password: (\S+)$", out, re.M).group(1)
    assert sign_in_password(cli_db, "root@example.org", password).role == "admin"
    with cli_db.connect() as connection:
        dump = " ".join(str(row) for row in connection.execute(text("SELECT * FROM users")))
    assert password not in dump


def test_a_person_without_e_mail_gets_a_personal_code_and_a_wrong_role_is_refused(cli_db, capsys):
    code, out, _ = run(capsys, "--role", "national", "--login", "marc", "--name", "Marc", "--personal-code")
    personal = re.search(r"^personal_code: (\S+)$", out, re.M).group(1)
    assert code == 0 and "password:" not in out and sign_in_code(cli_db, personal).role == "national"
    code, _, err = run(capsys, "--role", "chief", "--login", "x", "--name", "X")
    assert code != 0 and "chief" in err and "Traceback" not in err


def test_an_account_for_the_identity_provider_has_no_secret_and_is_found_by_e_mail(cli_db, capsys):
    code, out, _ = run(capsys, "--role", "coordinator", "--region", "52", "--login", "claire@sra.example",
                       "--name", "Claire", "--oidc")
    assert code == 0 and "password:" not in out and "personal_code:" not in out
    with read_session(cli_db) as s:
        user = s.execute(select(UserAccount).where(UserAccount.login == "claire@sra.example")).scalar_one()
        assert user.password_hash is None and user.code_hash is None
    assert sign_in_oidc(cli_db, "https://idp.example", "s-1", email="claire@sra.example").role == "coordinator"
    code, _, err = run(capsys, "--role", "national", "--login", "no-mail", "--name", "N", "--oidc")
    assert code == 1 and "oidc-email-missing" in err
