"""The shared glossary the form shows on demand (patient partenaire, pair-aidant, RU, CDU, CVS…).

It lives beside the questionnaires in ``glossary.yaml``; a questionnaire may add entries of its own.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

from pydantic import Field

from continuum.paths import QUESTIONNAIRE_DIR
from continuum.problems import Problem, ProblemError
from questionnaires.model import Frozen, GlossaryEntry, Questionnaire
from questionnaires.reader import read_yaml

GLOSSARY_FILE = QUESTIONNAIRE_DIR / "glossary.yaml"


class Glossary(Frozen):
    entries: tuple[GlossaryEntry, ...] = Field(default_factory=tuple)

    def sorted_for(self, lang: str) -> list[GlossaryEntry]:
        return sorted(self.entries, key=lambda e: _collation_key(e.term.get(lang)))

    def merged_with(self, questionnaire: Questionnaire | None) -> Glossary:
        """The shared entries plus the questionnaire's own, a questionnaire's entry winning on the same term."""
        if questionnaire is None or not questionnaire.glossary:
            return self
        own = {e.term.fr.casefold() for e in questionnaire.glossary}
        return Glossary(entries=[*questionnaire.glossary, *(e for e in self.entries if e.term.fr.casefold() not in own)])


def load_glossary(path: str | Path = GLOSSARY_FILE) -> Glossary:
    """The glossary file as a model; raises `ProblemError` with ``file:line`` on a malformed file."""
    path = Path(path)
    doc = read_yaml(path.read_bytes(), path.name)
    if doc.problems:
        raise ProblemError(doc.problems)
    try:
        return Glossary.model_validate(doc.data)
    except ValueError as error:
        raise ProblemError([Problem("glossary-invalid", f"{path.name}:1", str(error).splitlines()[0],
                                    "Each entry needs a term and a definition, each with fr (and en).")]) from error


def _collation_key(text: str) -> str:
    """Alphabetical order as a French reader expects it: accents and quotes do not move a term."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return plain.strip(" «»\"'").casefold()
