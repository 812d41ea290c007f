"""`continuum validate` and `continuum questionnaire publish`: thin wrappers over the questionnaire loader."""

from __future__ import annotations

import json
from pathlib import Path

import click

from continuum.cli.output import CliError, problem_table
from questionnaires.loader import ValidationResult, questionnaire_files, validate_questionnaire
from questionnaires.model import Questionnaire


class _Failed(click.ClickException):
    """Exit 1 once the problems are printed (the table is already on stderr)."""

    def __init__(self) -> None:
        super().__init__("")

    def show(self, file=None) -> None:
        pass


def _expand(paths: tuple[str, ...]) -> list[Path]:
    """Files as given, and the questionnaire files of each folder."""
    out: list[Path] = []
    for raw in paths:
        path = Path(raw)
        out.extend(questionnaire_files(path) if path.is_dir() else [path])
    return out


def cell_counts(questionnaire: Questionnaire) -> list[dict[str, object]]:
    """Every cell of the declared matrix with the number of items evidencing it (0 where none)."""
    counts = {cell: 0 for cell in questionnaire.cells()}
    for item in questionnaire.items(include_group_children=True):
        for cell in {(c.level, c.degree) for c in item.cells}:
            if cell in counts:
                counts[cell] += 1
    return [{"level": level, "degree": degree, "items": n} for (level, degree), n in counts.items()]


def _problem_rows(problems) -> list[dict[str, str]]:
    return [{"code": p.code, "location": p.location, "message": p.message, "fix": p.fix} for p in problems]


def summary(path: Path, result: ValidationResult) -> dict[str, object]:
    """The --json object of one file."""
    q = result.questionnaire
    return {
        "file": str(path),
        "id": q.id if q else None,
        "version": q.version if q else None,
        "items": sum(1 for _ in q.items(include_group_children=True)) if q else 0,
        "cells": cell_counts(q) if q else [],
        "errors": _problem_rows(result.errors),
        "warnings": _problem_rows(result.warnings),
    }


def _line(path: Path, result: ValidationResult) -> str:
    q = result.questionnaire
    counts = f"{len(result.errors)} error(s), {len(result.warnings)} warning(s)"
    if q is None:
        return f"FAIL  {path}: {counts}"
    items = sum(1 for _ in q.items(include_group_children=True))
    return f"ok    {path}: {q.id} {q.version}, {items} items; {counts}"


@click.command("validate")
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object per questionnaire on stdout.")
def validate_command(paths: tuple[str, ...], as_json: bool) -> None:
    """Validate questionnaire files or folders; exit 1 when any file has errors."""
    files = _expand(paths)
    results = [(path, validate_questionnaire(path, filename=str(path))) for path in files]
    if as_json:
        click.echo(json.dumps([summary(p, r) for p, r in results], ensure_ascii=False, indent=2))
    else:
        for path, result in results:
            click.echo(_line(path, result))
        problems = [p for _, r in results for p in r.problems]
        if problems:
            click.echo(problem_table(problems), err=True)
    if not files:
        raise click.ClickException("no questionnaire file found in " + ", ".join(paths))
    if any(not r.ok for _, r in results):
        raise _Failed()


@click.group("questionnaire")
def questionnaire_group() -> None:
    """Manage questionnaire versions."""


@questionnaire_group.command("publish")
@click.argument("file", type=click.Path())
def publish_command(file: str) -> None:
    """Validate FILE, then store its version; the same version with other content is refused."""
    path = Path(file)
    result = validate_questionnaire(path, filename=str(path))
    if not result.ok or result.questionnaire is None:
        raise CliError(result.errors)
    from continuum.settings import get_settings  # storage is only needed to publish
    from storage.engine import make_engine
    from storage.migrate import upgrade
    from storage.questionnaires import publish_questionnaire

    q = result.questionnaire
    engine = make_engine(get_settings().database_url)
    try:
        upgrade(engine)
        stored = publish_questionnaire(engine, q.id, q.version, path.read_bytes().decode("utf-8-sig"))
    finally:
        engine.dispose()
    state = "published" if stored.created else "already published (same content)"
    click.echo(f"{state}: {q.id} {q.version} {stored.content_hash}")


COMMANDS = [validate_command, questionnaire_group]
