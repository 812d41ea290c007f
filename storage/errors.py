"""The storage error catalogue: each code has a message that says where, what was found, and how to fix it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from continuum.problems import Problem, ProblemError, did_you_mean


def problem(code: str, location: str, message: str, fix: str = "", found: str = "", expected: str = "") -> Problem:
    return Problem(code=code, location=location, message=message, fix=fix, found=found, expected=expected)


def fail(code: str, location: str, message: str, fix: str = "", found: str = "", expected: str = ""):
    raise ProblemError([problem(code, location, message, fix, found, expected)])


def not_found(code: str, what: str, value: str, candidates: Iterable[str] = ()) -> ProblemError:
    """An unknown id, also used for ids outside the caller's scope so that they do not leak."""
    hint = did_you_mean(value, candidates)
    return ProblemError([problem(code, f"{what}/{value}", f"No {what} '{value}' is visible to you.",
                                 hint or f"Check the {what} id, or ask a coordinator for access.", found=value)])


def forbidden(location: str, message: str, fix: str = "") -> ProblemError:
    return ProblemError([problem("forbidden", location, message, fix)])


class StaleAnswer(ProblemError):
    """A save based on an older version of a shared answer; the newer answer is kept."""

    def __init__(self, location: str, base_version: int | None, current: dict):
        self.current = current
        self.saved_by: str = current.get("updated_by", "")
        self.saved_at: dt.datetime | None = current.get("updated_at")
        when = self.saved_at.strftime("%Y-%m-%d %H:%M:%S UTC") if self.saved_at else "meanwhile"
        super().__init__([problem(
            "stale-answer", location,
            f"{self.saved_by or 'Someone'} saved this answer at {when}, after you opened it; "
            "your change was not saved and their answer is kept.",
            "Reload the item, compare with your change, and save again if it is still needed.",
            found=f"version {base_version or 0}", expected=f"version {current.get('version')}",
        )])
