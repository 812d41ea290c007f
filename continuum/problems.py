"""Errors as data: one `Problem` shape shared by questionnaires, imports and scoring.

A problem says *where* first (``file:line key.path``, ``sheet!cell`` or
``response/item``), then what was found, what was expected and how to fix it.
Collect them all, then raise once (`ProblemError`) or return them in a report.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Problem:
    code: str
    location: str
    message: str
    fix: str = ""
    found: str = ""
    expected: str = ""
    severity: Severity = "error"

    def as_row(self) -> dict[str, str]:
        return asdict(self)

    def __str__(self) -> str:
        text = f"{self.location}: [{self.code}] {self.message}"
        return f"{text} — {self.fix}" if self.fix else text


@dataclass
class ProblemReport:
    problems: list[Problem] = field(default_factory=list)

    def add(self, problem: Problem) -> None:
        self.problems.append(problem)

    def extend(self, problems: Iterable[Problem]) -> None:
        self.problems.extend(problems)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]

    @property
    def ok(self) -> bool:
        return not self.errors

    def flatten(self, keys: Iterable[str] = ("severity", "code", "location", "message", "fix")) -> list[list[str]]:
        """Rows ready for a table (``st.dataframe``, an Excel sheet or the CLI)."""
        keys = list(keys)
        return [[getattr(p, k) for k in keys] for p in self.problems]


class ProblemError(Exception):
    """Raised once, carrying every problem found."""

    def __init__(self, problems: Iterable[Problem]):
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


def close_matches(value: str, candidates: Iterable[str]) -> list[str]:
    """The candidates closest to ``value``, ignoring case (``EHPAD`` finds ``ehpad``), best first."""
    by_lower: dict[str, str] = {}
    for candidate in candidates:
        by_lower.setdefault(str(candidate).lower(), str(candidate))
    matches = difflib.get_close_matches(str(value).lower(), list(by_lower), n=3, cutoff=0.6)
    return [by_lower[m] for m in matches if by_lower[m] != str(value)]


def did_you_mean(value: str, candidates: Iterable[str]) -> str:
    """A "did you mean" hint for an unknown key or id, or '' when nothing is close."""
    matches = close_matches(value, candidates)
    if not matches:
        return ""
    return "Did you mean " + " or ".join(f"'{m}'" for m in matches) + "?"
