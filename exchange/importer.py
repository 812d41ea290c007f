"""Import filled templates: validate everything first, then write every answer in one transaction, audited.

On any error nothing is written. A bulk import reports per file; a bad file never stops the good ones,
and a progress callback lets a page show a progress bar.
"""

from __future__ import annotations

import hashlib
import io
import warnings
import zipfile
from functools import lru_cache
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from openpyxl import load_workbook
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from continuum.problems import Problem, ProblemError
from exchange import texts
from exchange.errors import at, language, localise, problem
from exchange.gate import Limits, check_file
from exchange.reader import ParsedTemplate, parse_workbook, read_stamp
from questionnaires.loader import load_questionnaire_text
from questionnaires.model import Questionnaire
from storage import audit
from storage.answers import AnswerInput, replace_answers
from storage.campaigns import get_campaign
from storage.engine import read_session, run_write
from storage.establishments import finess_problems, get_site, list_sites, normalise_finess, require_site_finess
from storage.plans import add_initiative, list_initiatives
from storage.questionnaires import get_published
from storage.responses import open_response
from storage.scope import Scope

Progress = Callable[[int, int, "ImportResult"], None]


@dataclass
class ImportResult:
    """One file's outcome: written (``ok``) or refused with every problem; warnings either way."""

    filename: str
    problems: list[Problem] = field(default_factory=list)
    response_id: str | None = None
    establishment: str = ""
    questionnaire: str = ""
    answers_written: int = 0  # answers the file holds (all written: new, changed or confirmed unchanged)
    answers_changed: int = 0  # of which new or different from the database (each audited, with a new version)
    entries_written: int = 0

    @property
    def ok(self) -> bool:
        return self.response_id is not None and not self.errors

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    def rows(self) -> list[dict[str, str]]:
        """The error table: file, sheet!cell, value found, what was expected, and the fix."""
        return [{"file": self.filename, "severity": p.severity, "code": p.code, "location": p.location,
                 "found": p.found, "expected": p.expected, "message": p.message, "fix": p.fix} for p in self.problems]


def open_workbook(data: bytes, filename: str):
    """openpyxl in normal mode (merged cells need it), or a file-unreadable problem."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # "data validation extension not supported" and the like
            return load_workbook(io.BytesIO(data), data_only=False), []
    except (zipfile.BadZipFile, KeyError, ValueError, TypeError, OSError, IndexError, AttributeError) as error:
        return None, [problem("file-unreadable", filename or "file", found=f"{type(error).__name__}: {error}"[:200])]


def _questionnaire(session: Session, scope: Scope, campaign_id: str,
                   stamp: dict[str, str]) -> tuple[Questionnaire | None, list[Problem]]:
    """The questionnaire version the campaign uses, if the stamp names it."""
    campaign = get_campaign(session, scope, campaign_id)
    qid, version = stamp["questionnaire_id"], stamp["questionnaire_version"]
    where = at(texts.SHEET_STAMP, "B3")
    if qid not in campaign.questionnaires:
        return None, [problem("questionnaire-not-in-campaign", where, found=qid, campaign=campaign_id,
                              expected=", ".join(sorted(campaign.questionnaires)))]
    if campaign.questionnaires[qid] != version:
        return None, [problem("questionnaire-version-mismatch", at(texts.SHEET_STAMP, "B4"), found=version,
                              expected=campaign.questionnaires[qid], questionnaire=qid)]
    published = get_published(session, qid, version)
    return questionnaire_of(published.content_hash, published.yaml_text, f"{qid}@{version}"), []


@lru_cache(maxsize=32)
def questionnaire_of(content_hash: str, yaml_text: str, name: str) -> Questionnaire:
    """Parsed once per published content (the hash names the content, so the cache is never stale)."""
    return load_questionnaire_text(yaml_text, name)


def _identity_problems(session: Session, scope: Scope, parsed: ParsedTemplate) -> list[Problem]:
    """The FINESS ET must be a registered site visible to the importer; the EJ, if given, its legal entity."""
    identity, where = parsed.identity, at(texts.SHEET_IDENTITY, "B2")
    if not identity["finess_et"]:
        return [problem("finess-missing", where)]
    number = normalise_finess(identity["finess_et"])
    if finess_problems(number, where, "ET"):
        return [problem("finess-invalid", where, found=number)]
    try:
        finess = require_site_finess(session, number, where)
        site = get_site(session, scope, finess)
    except ProblemError as error:
        codes = {p.code for p in error.problems}
        if "finess-is-legal-entity" in codes:
            sites = ", ".join(f"{s.finess} ({s.name})" for s in list_sites(session, scope, legal_entity=number)[:5])
            return [problem("finess-is-legal-entity", where, found=number, expected="FINESS ET", sites=sites or "—")]
        return [problem("finess-unknown", where, found=number)]
    out = []
    ej = identity["finess_ej"]
    if ej and ej != site.legal_entity:
        out.append(problem("finess-ej-mismatch", at(texts.SHEET_IDENTITY, "B3"), found=ej, expected=site.legal_entity,
                           site=finess))
    made_for = parsed.stamp.get("establishment", "")
    if made_for and made_for != finess:
        out.append(problem("finess-not-this-establishment", where, found=finess, expected=made_for))
    return out


def validate_file(session: Session, scope: Scope, campaign_id: str, data: bytes, filename: str, *,
                  limits: Limits | None = None) -> tuple[ParsedTemplate | None, Questionnaire | None, list[Problem]]:
    """Check one file completely (reads only); (parsed, questionnaire, problems). No limits: the deployment's."""
    limits = limits or Limits.from_settings()
    problems = check_file(data, filename, limits)
    if problems:
        return None, None, problems
    wb, problems = open_workbook(data, filename)
    if wb is None:
        return None, None, problems
    too_long = [ws.title for ws in wb.worksheets if ws.max_row > limits.max_rows]
    if too_long:
        return None, None, [problem("file-too-many-rows", filename, found=wb[too_long[0]].max_row,
                                    expected=limits.max_rows, sheet=too_long[0])]
    stamp, problems = read_stamp(wb)
    if problems:
        return None, None, problems
    questionnaire, problems = _questionnaire(session, scope, campaign_id, stamp)
    if questionnaire is None:
        return None, None, problems
    parsed = parse_workbook(wb, questionnaire, stamp)
    if parsed.identity:  # the shape was right: check the identity too, so that every problem is listed at once
        parsed.problems += _identity_problems(session, scope, parsed)
    return parsed, questionnaire, parsed.problems


def _entry_title(questionnaire: Questionnaire, group_id: str, answers: dict[str, dict], n: int) -> str:
    group = questionnaire.item(group_id)
    title_id = next((c.id for c in group.items or [] if c.kind == "text" and "title" in c.id), None)
    title = answers.get(title_id, {}).get("value", "") if title_id else ""
    return title or f"#{n + 1}"


def write_parsed(session: Session, scope: Scope, campaign_id: str, parsed: ParsedTemplate,
                 questionnaire: Questionnaire, filename: str, digest: str) -> tuple[str, int, int, int]:
    """Write a validated file in the caller's transaction: (response id, answers, answers changed, entries)."""
    finess = parsed.identity["finess_et"]
    response = open_response(session, scope, campaign_id, finess, questionnaire.id,
                             version_choice=parsed.identity["version_choice"])
    rows = [(item_id, -1, answer) for item_id, answer in parsed.answers.items()]
    entries = 0
    for group_id, group_entries in parsed.entries.items():
        existing = {i["entry"] for i in list_initiatives(session, scope, response.id) if i["group_item_id"] == group_id}
        for n, answers in enumerate(group_entries):
            entry = n if n in existing else add_initiative(session, scope, response.id, group_id,
                                                           _entry_title(questionnaire, group_id, answers, n))
            rows += [(item_id, entry, answer) for item_id, answer in answers.items()]
            entries += 1
    changed = replace_answers(session, scope, response.id, [(i, e, AnswerInput(**a)) for i, e, a in rows])
    audit.record(session, scope, "import", "response", response.id, campaign_id=campaign_id, site=response.site,
                 after={"file": filename, "sha256": digest, "questionnaire": f"{questionnaire.id}@{questionnaire.version}",
                        "answers": len(rows), "changed": changed, "entries": entries})
    return response.id, len(rows), changed, entries


def import_file(engine: Engine, scope: Scope, campaign_id: str, data: bytes, filename: str = "template.xlsx", *,
                limits: Limits | None = None, lang: str = "fr") -> ImportResult:
    """Import one filled template, all or nothing, its problems worded in ``lang``; never raises for a bad file."""
    result = ImportResult(filename)
    with language(lang):
        try:
            with read_session(engine) as session:
                parsed, questionnaire, result.problems = validate_file(session, scope, campaign_id, data, filename,
                                                                       limits=limits)
            if parsed is None or questionnaire is None or result.errors:
                return result
            result.establishment, result.questionnaire = parsed.identity["finess_et"], questionnaire.id
            digest = hashlib.sha256(data).hexdigest()
            result.response_id, result.answers_written, result.answers_changed, result.entries_written = run_write(
                engine, lambda s: write_parsed(s, scope, campaign_id, parsed, questionnaire, filename, digest))
        except ProblemError as error:
            result.response_id = None
            result.problems += [localise(p) for p in error.problems]
    return result


def import_files(engine: Engine, scope: Scope, campaign_id: str, files: Iterable[tuple[str, bytes]], *,
                 limits: Limits | None = None, progress: Progress | None = None, lang: str = "fr"
                 ) -> list[ImportResult]:
    """Import many files, each all or nothing; ``progress(done, total, result)`` is called after each one."""
    files = list(files)
    results = []
    for n, (name, data) in enumerate(files, start=1):
        try:
            result = import_file(engine, scope, campaign_id, data, name, limits=limits, lang=lang)
        except Exception as error:  # noqa: BLE001 - one broken file must not stop the others
            with language(lang):
                found = f"{type(error).__name__}: {error}"[:200]
                result = ImportResult(name, [problem("file-unreadable", name, found=found)])
        results.append(result)
        if progress is not None:
            progress(n, len(files), result)
    return results
