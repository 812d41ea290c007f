"""Signing in and staying signed in: hashed secrets, throttled failures, sessions that time out or are revoked."""

from __future__ import annotations

import datetime as dt
import logging

import pytest
from sqlalchemy import text

from accounts.sessions import restore, sign_in_code, sign_in_password, sign_out
from accounts.users import set_password, update_user
from accounts.roles import CLI_ADMIN
from continuum.problems import ProblemError
from storage.engine import write_session

from acc_support import PASSWORD, make_user

T0 = dt.datetime(2030, 3, 1, 9, 0, 0)


def _sign_in(engine, login, password, now=T0):
    return sign_in_password(engine, login, password, now=now)


def _code(error: pytest.ExceptionInfo) -> str:
    return error.value.problems[0].code


def _restore(engine, token, now, timeout=120):
    with write_session(engine) as s:
        return restore(s, token, timeout_minutes=timeout, now=now)


def test_passwords_and_tokens_are_never_stored_or_logged_in_clear(engine, caplog):
    caplog.set_level(logging.DEBUG)
    created = make_user(engine, "alice@chu.fr", "national")
    signed = _sign_in(engine, "Alice@CHU.fr ", PASSWORD)
    with pytest.raises(ProblemError):
        _sign_in(engine, "alice@chu.fr", "wrong password here")
    with engine.connect() as connection:
        dump = " ".join(str(row) for table in ("users", "sessions", "audit_log", "sign_in_failures")
                        for row in connection.execute(text(f"SELECT * FROM {table}")))
    assert created.user.has_password and signed.token
    assert PASSWORD not in dump and "wrong password here" not in dump and signed.token not in dump
    assert "$argon2id$" in dump
    assert PASSWORD not in caplog.text and signed.token not in caplog.text


def test_a_wrong_password_and_an_unknown_login_get_the_same_answer(engine):
    make_user(engine, "alice", "national")
    with pytest.raises(ProblemError) as wrong:
        _sign_in(engine, "alice", "not the password")
    with pytest.raises(ProblemError) as unknown:
        _sign_in(engine, "nobody", "not the password")
    assert _code(wrong) == _code(unknown) == "sign-in-failed"
    assert wrong.value.problems[0].message == unknown.value.problems[0].message


def test_failed_sign_ins_are_slowed_down_even_for_the_right_password(engine):
    make_user(engine, "alice", "national")
    for attempt in range(4):  # three free failures, then a fourth
        with pytest.raises(ProblemError) as error:
            _sign_in(engine, "alice", f"guess number {attempt}", now=T0)
        assert _code(error) == "sign-in-failed"
    with pytest.raises(ProblemError) as error:  # now even the right password waits 1 s
        _sign_in(engine, "alice", PASSWORD, now=T0 + dt.timedelta(milliseconds=400))
    assert _code(error) == "sign-in-throttled" and error.value.wait_seconds == 1
    assert _sign_in(engine, "alice", PASSWORD, now=T0 + dt.timedelta(seconds=1)).user_id
    with pytest.raises(ProblemError) as error:  # success forgot the failures: free failures again
        _sign_in(engine, "alice", "guess again", now=T0 + dt.timedelta(seconds=2))
    assert _code(error) == "sign-in-failed"


def test_the_wait_doubles_with_each_failure_past_the_free_ones_up_to_15_minutes():
    from accounts.throttle import wait_seconds

    assert [wait_seconds(n, 3) for n in range(1, 9)] == [0, 0, 0, 1, 2, 4, 8, 16]
    assert wait_seconds(40, 3) == 900


def test_failures_are_counted_for_unknown_logins_too(engine):
    for attempt in range(4):
        with pytest.raises(ProblemError):
            _sign_in(engine, "ghost", f"guess {attempt} x", now=T0)
    with pytest.raises(ProblemError) as error:
        _sign_in(engine, "ghost", "guess 5 x", now=T0)
    assert _code(error) == "sign-in-throttled"


def test_a_session_survives_until_idle_timeout_and_activity_extends_it(engine):
    make_user(engine, "alice", "national")
    token = _sign_in(engine, "alice", PASSWORD).token
    assert _restore(engine, token, T0 + dt.timedelta(minutes=100)).user_id
    assert _restore(engine, token, T0 + dt.timedelta(minutes=210)).user_id  # seen at minute 100
    assert _restore(engine, token, T0 + dt.timedelta(minutes=331)) is None  # idle for more than 120 minutes
    assert _restore(engine, "forged-token", T0) is None


def test_sign_out_revokes_the_session_even_if_the_cookie_is_kept(engine):
    make_user(engine, "alice", "national")
    token = _sign_in(engine, "alice", PASSWORD).token
    with write_session(engine) as s:
        assert sign_out(s, token)
    assert _restore(engine, token, T0) is None


def test_disabling_an_account_or_changing_its_password_ends_its_sessions(engine):
    created = make_user(engine, "alice", "national")
    first = _sign_in(engine, "alice", PASSWORD).token
    with write_session(engine) as s:
        set_password(s, CLI_ADMIN, created.user.id, "another long passphrase")
    assert _restore(engine, first, T0) is None
    second = _sign_in(engine, "alice", "another long passphrase").token
    with write_session(engine) as s:
        update_user(s, CLI_ADMIN, created.user.id, disabled=True)
    assert _restore(engine, second, T0) is None
    with pytest.raises(ProblemError) as error:
        _sign_in(engine, "alice", "another long passphrase")
    assert _code(error) == "account-disabled"


def test_a_personal_code_signs_in_a_person_without_e_mail_and_reissuing_replaces_it(engine):
    from accounts.users import issue_personal_code

    created = make_user(engine, "jeanne ru", "establishment", password=None, personal_code=True)
    code = created.personal_code
    assert sign_in_code(engine, code.lower().replace("-", " "), now=T0).user_id == created.user.id
    with write_session(engine) as s:
        new = issue_personal_code(s, CLI_ADMIN, created.user.id)
    with pytest.raises(ProblemError):
        sign_in_code(engine, code, now=T0)
    assert sign_in_code(engine, new, now=T0).method == "code"


def test_short_passwords_are_refused_with_the_reason(engine):
    with pytest.raises(ProblemError) as error:
        make_user(engine, "bob", "national", password="short")
    assert _code(error) == "password-too-short"


def test_an_oidc_identity_is_linked_to_the_account_with_its_e_mail_then_found_by_subject(engine):
    from accounts.sessions import sign_in_oidc

    created = make_user(engine, "claire@ars.example", "ars", regions=["52"])
    first = sign_in_oidc(engine, "http://127.0.0.1:9400", "sub-1", email="Claire@ars.example", now=T0)
    again = sign_in_oidc(engine, "http://127.0.0.1:9400", "sub-1", email="changed@ars.example", now=T0)
    assert first.user_id == again.user_id == created.user.id and first.method == "oidc"
    with pytest.raises(ProblemError) as error:
        sign_in_oidc(engine, "http://127.0.0.1:9400", "sub-2", email="stranger@ars.example", now=T0)
    assert _code(error) == "oidc-account-unknown"
