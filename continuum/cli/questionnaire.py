"""`continuum validate` and `continuum questionnaire publish`: thin wrappers over the questionnaire loader.

Both speak ``--lang`` (default: the CONTINUUM_DEFAULT_LANGUAGE setting, French); codes and ``--json`` keys
are the same in every language.
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import click

from continuum.cli.output import CliError, chosen_language, database_problem, language_option, problem_table
from continuum.i18n import t
from continuum.problems import Problem, ProblemError
from questionnaires.loader import ValidationResult, validate_paths, validate_questionnaire
from questionnaires.model import Questionnaire


class _Failed(click.ClickException):
    """Exit 1 once the problems are printed (the table is already on stderr)."""

    def __init__(self) -> None:
        super().__init__("")

    def show(self, file=None) -> None:
        pass


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


def summary(result: ValidationResult) -> dict[str, object]:
    """The --json object of one file (or of a folder without questionnaire files)."""
    q = result.questionnaire
    return {
        "file": result.source,
        "id": q.id if q else None,
        "version": q.version if q else None,
        "items": sum(1 for _ in q.items(include_group_children=True)) if q else 0,
        "cells": cell_counts(q) if q else [],
        "errors": _problem_rows(result.errors),
        "warnings": _problem_rows(result.warnings),
    }


def _line(result: ValidationResult, lang: str) -> str:
    q = result.questionnaire
    counts = {"path": result.source, "errors": len(result.errors), "warnings": len(result.warnings)}
    if q is None:
        return t("cli.validate.fail", lang, **counts)
    items = sum(1 for _ in q.items(include_group_children=True))
    return t("cli.validate.ok", lang, id=q.id, version=q.version, items=items, **counts)


@click.command("validate")
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object per questionnaire on stdout.")
@language_option
def validate_command(paths: tuple[str, ...], as_json: bool, lang: str | None) -> None:
    """Validate questionnaire files or folders; exit 1 when any has errors (a folder with none included)."""
    lang = chosen_language(lang)
    results = validate_paths(paths, lang=lang)
    if as_json:
        click.echo(json.dumps([summary(r) for r in results], ensure_ascii=False, indent=2))
    else:
        for result in results:
            click.echo(_line(result, lang))
        problems = [p for r in results for p in r.problems]
        if problems:
            click.echo(problem_table(problems, lang), err=True)
    if any(not r.ok for r in results):
        raise _Failed()


@click.group("questionnaire")
def questionnaire_group() -> None:
    """Manage questionnaire versions."""


@questionnaire_group.command("publish")
@click.argument("file", type=click.Path())
@language_option
def publish_command(file: str, lang: str | None) -> None:
    """Validate FILE, then store its version; the same version with other content is refused."""
    lang = chosen_language(lang)
    path = Path(file)
    result = validate_questionnaire(path, filename=str(path), lang=lang)
    if not result.ok or result.questionnaire is None:
        raise CliError(result.errors, lang)
    q = result.questionnaire
    try:
        stored = _store(q, path)
    except ProblemError as exc:
        raise CliError([_worded(p, q, lang) for p in exc.problems], lang) from exc
    except Exception as exc:  # noqa: BLE001 - a database that does not answer is reported in the chosen language
        unavailable = database_problem(exc, lang)
        if unavailable is None:
            raise
        raise CliError([unavailable], lang) from exc
    key = "cli.publish.published" if stored.created else "cli.publish.unchanged"
    click.echo(t(key, lang, id=q.id, version=q.version, hash=stored.content_hash))


def _store(q: Questionnaire, path: Path):
    from continuum.settings import get_settings  # storage is only needed to publish
    from storage.engine import make_engine
    from storage.migrate import upgrade
    from storage.questionnaires import publish_questionnaire

    engine = make_engine(get_settings().database_url)
    try:
        upgrade(engine)
        return publish_questionnaire(engine, q.id, q.version, path.read_bytes().decode("utf-8-sig"))
    finally:
        engine.dispose()


def _worded(problem: Problem, q: Questionnaire, lang: str) -> Problem:
    """Storage words its problems in English; the one publishing can meet is worded here in ``lang``."""
    if problem.code != "published-version-changed":
        return problem
    return dataclasses.replace(problem, message=t("cli.publish.changed", lang, id=q.id, version=q.version),
                               fix=t("cli.publish.changed_fix", lang))


COMMANDS = [validate_command, questionnaire_group]
