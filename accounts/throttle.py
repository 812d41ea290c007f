"""Failed sign-ins slow the next attempt down: after a few free failures, the wait doubles up to 15 minutes.

Failures are counted per login (known or not, so that the answer never tells which logins exist) and per
network address, in the database, so every app process and a restart see the same counts.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from storage.models import utcnow
from storage.models_accounts import SignInFailure

FREE_FAILURES = {"login": 3, "code": 3, "ip": 20}
MAX_WAIT_SECONDS = 900


def keys(kind: str, value: str, address: str | None = None) -> list[str]:
    out = [f"{kind}:{value.strip().lower()}"]
    if address:
        out.append(f"ip:{address}")
    return out


def _free(key: str) -> int:
    return FREE_FAILURES.get(key.split(":", 1)[0], 3)


def wait_seconds(failures: int, free: int) -> int:
    """1 s after the first failure past the free ones, then 2, 4, 8… up to 15 minutes."""
    if failures <= free:
        return 0
    return min(2 ** (failures - free - 1), MAX_WAIT_SECONDS)


def remaining_wait(session: Session, key_list: list[str], now: dt.datetime | None = None) -> int:
    """Seconds before another attempt is allowed (0: go ahead)."""
    now = now or utcnow()
    rows = session.execute(select(SignInFailure).where(SignInFailure.key.in_(key_list))).scalars()
    waits = [(r.last_failed_at + dt.timedelta(seconds=wait_seconds(r.failures, _free(r.key))) - now).total_seconds()
             for r in rows]
    return max(0, int(max(waits, default=0) + 0.999))


def record_failure(session: Session, key_list: list[str], now: dt.datetime | None = None) -> None:
    now = now or utcnow()
    for key in key_list:
        row = session.get(SignInFailure, key)
        if row is None:
            session.add(SignInFailure(key=key, failures=1, last_failed_at=now))
        else:
            row.failures, row.last_failed_at = row.failures + 1, now


def clear(session: Session, key_list: list[str]) -> None:
    """A success forgets the login's failures (an address keeps its own count)."""
    session.execute(delete(SignInFailure).where(SignInFailure.key.in_([k for k in key_list
                                                                       if not k.startswith("ip:")])))
