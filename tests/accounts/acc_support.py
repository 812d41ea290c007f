"""Helpers for the accounts tests: a few accounts on the hand-built world."""

from __future__ import annotations

from accounts.roles import CLI_ADMIN
from accounts.users import create_user
from storage.engine import write_session

PASSWORD = "correct horse battery"


def make_user(engine, login: str, role: str, *, regions=(), sites=(), password: str | None = PASSWORD,
              personal_code: bool = False, name: str | None = None, **more):
    with write_session(engine) as session:
        return create_user(session, CLI_ADMIN, login=login, display_name=name or login.title(), role=role,
                           password=password, personal_code=personal_code, regions=list(regions), sites=list(sites),
                           **more)
