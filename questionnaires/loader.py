"""Load questionnaires: read YAML with line marks, build the model, check references.

`validate_*` return a `ValidationResult` (the report); `load_*` return the `Questionnaire`
or raise `ProblemError` once with every error. Nothing here prints or writes files.
``lang`` ('en' by default, 'fr' for the French pages) words the problems: each entry point
opens `errors.language(lang)`, which every stage below reads, so no inner signature carries it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from continuum.problems import Problem, ProblemError, ProblemReport
from questionnaires import errors
from questionnaires.model import Questionnaire
from questionnaires.reader import Document, read_yaml
from questionnaires.salvage import salvage_problems
from questionnaires.shape import build
from questionnaires.validation import check

Source = str | Path | bytes | Mapping[str, Any]
YAML_SUFFIXES = (".yaml", ".yml")
# Shipped YAML files that are not questionnaires (the shared glossary).
NOT_QUESTIONNAIRES = frozenset({"glossary.yaml"})
_LOCATION = re.compile(r"^(?P<file>.*?):(?P<line>\d+)(?: (?P<path>.*))?$")


@dataclass(frozen=True)
class ValidationResult:
    """What validating one questionnaire found: the model when there is no error, and every problem."""

    source: str
    questionnaire: Questionnaire | None
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def problems(self) -> list[Problem]:
        return [*self.errors, *self.warnings]

    def report(self) -> ProblemReport:
        return ProblemReport(self.problems)

    def flatten(self, keys: Iterable[str] = ("severity", "code", "location", "message", "fix")) -> list[list[str]]:
        """Rows ready for a table (``st.dataframe``, an Excel sheet, the CLI)."""
        return self.report().flatten(keys)

    def raise_for_errors(self) -> Questionnaire:
        if self.errors or self.questionnaire is None:
            raise ProblemError(self.errors)
        return self.questionnaire


def validate_document(doc: Document) -> ValidationResult:
    """Build and check a document already read; with shape errors, the right parts are still checked."""
    problems = list(doc.problems)
    questionnaire = None
    if isinstance(doc.data, dict):
        questionnaire, shape_problems = build(doc)
        problems += shape_problems
        if questionnaire is not None:
            problems += check(questionnaire, doc)
        else:  # still report the references of everything whose shape is right, in the same run
            problems += salvage_problems(doc, problems)
    errs = [p for p in problems if p.severity == "error"]
    warns = [p for p in problems if p.severity == "warning"]
    return ValidationResult(doc.filename, None if errs else questionnaire, errs, warns)


def validate_questionnaire_text(text: str | bytes, filename: str = "<text>", lang: str = "en") -> ValidationResult:
    """Validate YAML given as text or bytes; ``filename`` names it in locations."""
    with errors.language(lang):
        return validate_document(read_yaml(text, filename))


def validate_questionnaire_data(data: Mapping[str, Any], filename: str = "<data>",
                                lang: str = "en") -> ValidationResult:
    """Validate an already-parsed mapping (no line numbers: every location says line 1)."""
    with errors.language(lang):
        return validate_document(Document(filename, data if isinstance(data, dict) else dict(data)))


def validate_questionnaire(source: Source, filename: str | None = None, lang: str = "en") -> ValidationResult:
    """Validate a path, YAML bytes, YAML text (a str with a newline) or a parsed mapping; never raises."""
    if isinstance(source, Mapping):
        return validate_questionnaire_data(source, filename or "<data>", lang)
    if isinstance(source, bytes):
        return validate_questionnaire_text(source, filename or "<bytes>", lang)
    if isinstance(source, str) and "\n" in source:
        return validate_questionnaire_text(source, filename or "<text>", lang)
    path = Path(source)
    name = filename or path.name
    try:
        content = path.read_bytes()
    except OSError as exc:
        problem = errors.problem("unreadable-file", f"{name}:1", detail=exc.strerror or str(exc), path=str(path),
                                 lang=lang)
        return ValidationResult(name, None, [problem], [])
    return validate_questionnaire_text(content, name, lang)


def load_questionnaire(source: Source, filename: str | None = None) -> Questionnaire:
    """The questionnaire in ``source``; raises `ProblemError` once with every error."""
    return validate_questionnaire(source, filename).raise_for_errors()


def load_questionnaire_text(text: str | bytes, filename: str = "<text>") -> Questionnaire:
    return validate_questionnaire_text(text, filename).raise_for_errors()


def questionnaire_files(folder: str | Path) -> list[Path]:
    """The questionnaire files of a folder, sorted (the shared glossary is not a questionnaire)."""
    folder = Path(folder)
    return sorted(p for p in folder.iterdir()
                  if p.is_file() and p.suffix in YAML_SUFFIXES and p.name not in NOT_QUESTIONNAIRES)


def load_directory(folder: str | Path, lang: str = "en") -> tuple[list[Questionnaire], list[ValidationResult]]:
    """Every valid questionnaire of a folder, and the results of those with errors, worded in ``lang``.

    A bad file never stops the app: it is listed with its errors and the others are served.
    """
    loaded: dict[tuple[str, str], tuple[Questionnaire, str]] = {}
    failed: list[ValidationResult] = []
    for path in questionnaire_files(folder):
        result = validate_questionnaire(path, lang=lang)
        q = result.questionnaire
        if not result.ok or q is None:
            failed.append(result)
        elif (q.id, q.version) in loaded:
            problem = errors.problem("duplicate-questionnaire", f"{result.source}:1 id", id=q.id,
                                     version=q.version, other=loaded[(q.id, q.version)][1], lang=lang)
            failed.append(ValidationResult(result.source, None, [problem], result.warnings))
        else:
            loaded[(q.id, q.version)] = (q, result.source)
    return [q for q, _ in loaded.values()], failed


def problem_line(problem: Problem) -> int | None:
    """The line number in a problem's ``file:line key.path`` location."""
    match = _LOCATION.match(problem.location)
    return int(match["line"]) if match else None


def problem_path(problem: Problem) -> str:
    """The key path in a problem's location ('' when the problem is about the whole file)."""
    match = _LOCATION.match(problem.location)
    return (match["path"] or "") if match else ""
