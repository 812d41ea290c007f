"""Establishments imported from a CSV file (FINESS ET/EJ, name, category, legal status, region): every row is
validated, errors are reported per row, and nothing is written unless every row is valid."""

from __future__ import annotations

import csv
import io

from sqlalchemy.orm import Session

from continuum.problems import Problem, ProblemError
from storage.establishments import add_legal_entity, add_site, normalise_finess
from storage.models import LegalEntity
from storage.scope import Scope

COLUMNS = ("finess_et", "finess_ej", "name", "category", "legal_status", "region")
OPTIONAL = ("size", "legal_entity_name")


def read_rows(data: bytes | str) -> list[dict]:
    text = data.decode("utf-8-sig") if isinstance(data, bytes) else data
    dialect = csv.Sniffer().sniff(text.splitlines()[0] if text.strip() else ",", delimiters=",;\t")
    return list(csv.DictReader(io.StringIO(text), dialect=dialect))


def import_establishments(session: Session, scope: Scope, data: bytes | str) -> int:
    """Register every site of the file (and its legal entity when new); raise every row's problems at once.

    The caller's write session rolls back on the raise: all or nothing.
    """
    rows = read_rows(data)
    header = set(rows[0]) if rows else set()
    if missing := [c for c in COLUMNS if c not in header]:
        raise ProblemError([Problem("csv-columns-missing", "row 1", f"Missing columns: {', '.join(missing)}.",
                                    "The first line must name the columns: " + ", ".join(COLUMNS),
                                    found=", ".join(sorted(header)))])
    problems: list[Problem] = []
    seen: set[str] = set()
    for number, row in enumerate(rows, start=2):
        location = f"row {number}"
        values = {k: (row.get(k) or "").strip() for k in (*COLUMNS, *OPTIONAL)}
        site, entity = normalise_finess(values["finess_et"]), normalise_finess(values["finess_ej"])
        if site in seen:
            problems.append(Problem("csv-duplicate", location, f"Site {site} appears twice in the file.",
                                    "Keep one line per site.", found=site))
            continue
        seen.add(site)
        try:
            size = float(values["size"]) if values["size"] else None
        except ValueError:
            problems.append(Problem("csv-size-invalid", location, f"Size '{values['size']}' is not a number.",
                                    "Give the number of beds or places, or leave it empty.", found=values["size"]))
            continue
        try:
            with session.begin_nested():  # a savepoint: a refused row leaves nothing behind
                if session.get(LegalEntity, entity) is None:
                    add_legal_entity(session, scope, entity, values["legal_entity_name"] or values["name"],
                                     values["category"], values["legal_status"], values["region"], size)
                add_site(session, scope, site, entity, values["name"], values["category"], values["legal_status"],
                         values["region"], size)
        except ProblemError as error:
            problems += [Problem(p.code, f"{location} ({p.location})", p.message, p.fix, p.found, p.expected,
                                 p.severity) for p in error.problems]
    if problems:
        raise ProblemError(problems)
    return len(rows)
