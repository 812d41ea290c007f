"""The catalogue of questionnaire problems: one entry per code, with a title and two templates, in English and French.

The location (``file:line key.path``) always comes first; ``message`` says what was found
and ``fix`` says how to correct it. Tests fill these templates rather than copying strings,
and a completeness test makes sure every code here is triggered by at least one test.

Language: the checks run several stages deep (read, build, check), so rather than pass a
``lang`` through every function, the loader opens ``with language(lang):`` around a
validation and `problem` (and `questionnaires.phrases.say`) read it from a context
variable. English is the default, so the CLI and code that never asks keep English.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from continuum.problems import Problem, Severity

LANGUAGES = ("en", "fr")
_LANGUAGE: ContextVar[str] = ContextVar("questionnaire_problem_language", default="en")


@contextmanager
def language(lang: str | None) -> Iterator[str]:
    """Problems built inside the block are worded in ``lang`` ('fr' or 'en'; anything else gives English)."""
    token = _LANGUAGE.set(_normalise(lang))
    try:
        yield _LANGUAGE.get()
    finally:
        _LANGUAGE.reset(token)


def current_language() -> str:
    return _LANGUAGE.get()


def _normalise(lang: str | None) -> str:
    code = (lang or "").strip().lower()[:2]
    return code if code in LANGUAGES else "en"


@dataclass(frozen=True)
class ErrorType:
    code: str
    title: str
    message: str
    fix: str
    severity: Severity = "error"
    title_fr: str = ""
    message_fr: str = ""
    fix_fr: str = ""

    def templates(self, lang: str) -> tuple[str, str]:
        """(message, fix) in ``lang``; English when the French wording is missing."""
        if lang == "fr" and self.message_fr:
            return self.message_fr, self.fix_fr
        return self.message, self.fix


class _Blank(dict):
    """Leave an unknown placeholder empty rather than crash while reporting a problem."""

    def __missing__(self, key: str) -> str:
        return ""


def _unknown(what: str, where: str) -> tuple[str, str]:
    return (f"'{{id}}' is not a declared {what}", f"{{hint}}Declare it under '{where}', or use one of: {{known}}.")


_ENTRIES: list[tuple[str, str, str, str]] = [
    # --- reading the file ---
    ("yaml-syntax", "The file is not valid YAML", "the YAML cannot be read: {detail}",
     "Fix the syntax at this line: indentation, a missing ':', an unclosed quote or bracket. "
     "Quote any text that contains ': ' or starts with a special character such as '*', '&', '!', '[' or '{{'."),
    ("not-a-mapping", "The file is not a questionnaire", "found {found}, but a questionnaire file is a mapping of "
     "keys (id, version, title, matrix, scales, sections…)",
     "Start from questionnaires/examples/minimal.yaml: write 'key: value' lines at the top level, not a list."),
    ("unreadable-file", "The file cannot be opened", "the file {path} cannot be read: {detail}",
     "{hint}Check the path and that the file exists and is readable."),
    ("no-questionnaire-file", "No questionnaire in the folder",
     "the folder {path} holds no questionnaire file (.yaml or .yml)",
     "Give the path of a questionnaire file, or of the folder that holds them (for example questionnaires/)."),
    ("duplicate-key", "A key is written twice", "the key '{key}' is written twice in the same mapping (first at "
     "line {first}); YAML would silently keep only the last one", "Remove one of them, or merge their content."),
    # --- shape (from the pydantic model) ---
    ("unknown-key", "Unknown key", "'{key}' is not a key of {where}", "{hint}Allowed keys here: {allowed}."),
    ("missing-key", "Missing key", "the required key '{key}' is missing from {where}", "Add '{key}:' here."),
    ("missing-fr-text", "French text missing", "this text has no French wording ('fr')",
     "Add 'fr: …': French is required in every text; English ('en') is optional."),
    ("wrong-type", "Wrong type", "found {found}, expected {expected}", "{hint}"),
    ("bad-value", "Value not accepted", "{found} is not accepted: {detail}", "{hint}"),
    ("bad-id", "Malformed id", "'{found}' is not a valid id",
     "Use lowercase letters, digits, '_', '.' or '-', starting with a letter or a digit, at most 80 characters "
     "(for example care.info.leaflet)."),
    ("bad-version", "Malformed version", "the version {found} is not of the form MAJOR.MINOR or MAJOR.MINOR.PATCH",
     "Write the version as quoted text, for example version: \"1.0\" (unquoted, 1.10 would be read as the number 1.1)."),
    # --- ids and references ---
    ("duplicate-id", "Duplicate id", "'{id}' is already the id of another {what} (line {first})",
     "Give each {what} its own id."),
    ("unknown-item", "Unknown item", "'{id}' is not {expected}", "{hint}Use one of: {known}."),
    ("unknown-scale", "Unknown scale", *_unknown("scale", "scales")),
    ("unknown-level", "Unknown level", *_unknown("level", "matrix.levels")),
    ("unknown-degree", "Unknown degree", *_unknown("degree", "matrix.degrees")),
    ("unknown-dimension", "Unknown dimension", *_unknown("dimension", "dimensions")),
    ("unknown-source", "Unknown source", *_unknown("source", "sources")),
    ("unknown-frame", "Unknown obligation frame", *_unknown("frame", "frames")),
    ("unknown-category", "Unknown establishment category", "'{id}' is not an establishment category",
     "{hint}Use one of: {known}."),
    # --- conditions ---
    ("condition-forward-reference", "Condition on a later item",
     "the condition refers to '{item}', which comes later in the questionnaire (line {line})",
     "Conditions may only look back, so that one pass decides what is shown: move '{item}' before this item, "
     "or put the condition on a later item."),
    ("condition-unknown-item", "Condition on an unknown item", "the condition refers to '{item}', which is not {expected}",
     "{hint}Refer to the id of {expected}."),
    ("condition-cycle", "Condition depends on itself", "the condition of '{item}' depends on its own answer ({cycle})",
     "Break the loop: an item cannot be shown or hidden by its own answer."),
    ("condition-outside-group", "Condition on another group's sub-item",
     "the condition refers to '{item}', a sub-item of the group '{group}', which has one answer per entry",
     "Refer to '{item}' only from another sub-item of '{group}', or to an item outside groups."),
    ("condition-bad-field", "Condition on an answer the item does not have",
     "'{field}' is not an answer of '{item}' (a {kind} item)", "{hint}"),
    ("condition-bad-operator", "Comparison that cannot hold", "{detail}", "{hint}"),
    # --- sections, items, groups ---
    ("empty-section", "Empty section", "the section '{id}' has no items", "Add items to it, or remove it."),
    ("kind-field-misuse", "Key that does not apply to this kind of item", "'{key}' has no meaning on a {kind} item",
     "Remove '{key}', or change 'kind' to {kinds}."),
    ("bad-range", "Bounds in the wrong order", "{low_key} ({low}) is greater than {high_key} ({high})",
     "Swap the two values, or correct one of them."),
    ("missing-scale", "Choice item without a scale", "a {kind} item needs a scale that lists its options",
     "Add 'scale: <id>' pointing at a scale with role: choice."),
    ("group-without-items", "Group without sub-items", "the group '{id}' has no sub-items",
     "List its questions under 'items:', or change its kind."),
    ("nested-group", "Group inside a group", "the group '{id}' is inside the group '{parent}'; groups cannot nest",
     "Move '{id}' out to the section's items."),
    ("practice-in-group", "Practice inside a group",
     "the practice '{id}' is inside the group '{group}', whose sub-items are answered once per entry; practices are "
     "counted once per establishment", "Move '{id}' to the section's items, or make it a single_choice sub-item."),
    # --- scales ---
    ("scale-inconsistent", "Scale that scoring cannot read", "the {role} scale '{id}' {detail}", "{hint}"),
    ("scale-wrong-role", "Scale of the wrong role", "'{key}' points at the scale '{scale}', whose role is {role}",
     "Point '{key}' at a scale with role: {expected}, or change the role of '{scale}'."),
    ("duplicate-questionnaire", "Same questionnaire in two files",
     "the questionnaire '{id}' version {version} is already defined in {other}",
     "Remove one of the files, or give this one a new version."),
    # --- scoring rules ---
    ("derivation-bad-item", "Derivation item of the wrong kind", "derivation.{key} '{id}' is {found}; it must be {expected}",
     "{hint}"),
]

_WARNINGS: list[tuple[str, str, str, str]] = [
    ("empty-cell", "Matrix cell without items", "no item evidences the cell {level} × {degree}",
     "Add an item with cells: [{{level: {level}, degree: {degree}}}], or accept that this cell will always be 'absent'."),
    ("missing-en-text", "English translation missing", "this text has no English translation ('en')",
     "Add 'en: …'; until then English readers see the French text."),
]


def _inconnu(noun: str, pronoun: str, where: str) -> tuple[str, str]:
    return (f"'{{id}}' n'est pas {noun}",
            f"{{hint}}Déclarez-{pronoun} sous '{where}', ou utilisez l'une des valeurs : {{known}}.")


# code -> (title, message, fix) in French, for French regional authors; placeholders as in English.
_FRENCH: dict[str, tuple[str, str, str]] = {
    # --- reading the file ---
    "yaml-syntax": ("Le fichier n'est pas du YAML valide", "le YAML ne peut pas être lu : {detail}",
                    "Corrigez la syntaxe à cette ligne : indentation, ':' manquant, guillemet ou crochet non fermé. "
                    "Mettez entre guillemets tout texte qui contient ': ' ou qui commence par un caractère spécial "
                    "comme '*', '&', '!', '[' ou '{{'."),
    "not-a-mapping": ("Le fichier n'est pas un questionnaire",
                      "contenu trouvé : {found} ; un fichier de questionnaire doit être un ensemble de clés (id, "
                      "version, title, matrix, scales, sections…)",
                      "Partez de questionnaires/examples/minimal.yaml : écrivez des lignes 'clé: valeur' au premier "
                      "niveau, pas une liste."),
    "unreadable-file": ("Le fichier ne peut pas être ouvert", "le fichier {path} ne peut pas être lu : {detail}",
                        "{hint}Vérifiez le chemin, et que le fichier existe et peut être lu."),
    "no-questionnaire-file": ("Aucun questionnaire dans le dossier",
                              "le dossier {path} ne contient aucun fichier de questionnaire (.yaml ou .yml)",
                              "Indiquez le chemin d'un fichier de questionnaire, ou du dossier qui les contient (par "
                              "exemple questionnaires/)."),
    "duplicate-key": ("Clé écrite deux fois", "la clé '{key}' est écrite deux fois dans le même bloc (une première "
                      "fois ligne {first}) ; YAML ne garderait, sans prévenir, que la dernière",
                      "Supprimez l'une des deux, ou fusionnez leur contenu."),
    # --- shape (from the pydantic model) ---
    "unknown-key": ("Clé inconnue", "'{key}' n'est pas une clé autorisée dans {where}",
                    "{hint}Clés autorisées ici : {allowed}."),
    "missing-key": ("Clé manquante", "la clé obligatoire '{key}' manque dans {where}", "Ajoutez '{key}:' ici."),
    "missing-fr-text": ("Texte français manquant", "ce texte n'a pas de formulation française ('fr')",
                        "Ajoutez 'fr: …' : le français est obligatoire dans chaque texte ; l'anglais ('en') est "
                        "facultatif."),
    "wrong-type": ("Type incorrect", "valeur trouvée : {found} ; attendu : {expected}", "{hint}"),
    "bad-value": ("Valeur refusée", "valeur refusée ({found}) : {detail}", "{hint}"),
    "bad-id": ("Identifiant mal formé", "'{found}' n'est pas un identifiant valide",
               "Utilisez des lettres minuscules, des chiffres, '_', '.' ou '-', en commençant par une lettre ou un "
               "chiffre, 80 caractères au plus (par exemple care.info.leaflet)."),
    "bad-version": ("Version mal formée",
                    "la version {found} n'est pas de la forme MAJEURE.MINEURE ou MAJEURE.MINEURE.CORRECTIF",
                    "Écrivez la version comme un texte entre guillemets, par exemple version: \"1.0\" (sans "
                    "guillemets, 1.10 serait lu comme le nombre 1.1)."),
    # --- ids and references ---
    "duplicate-id": ("Identifiant en double", "l'identifiant '{id}' est déjà utilisé ligne {first} ({what})",
                     "Donnez à chaque {what} son propre identifiant."),
    "unknown-item": ("Item inconnu", "'{id}' n'est pas {expected}", "{hint}Utilisez l'une des valeurs : {known}."),
    "unknown-scale": ("Échelle inconnue", *_inconnu("une échelle déclarée", "la", "scales")),
    "unknown-level": ("Niveau inconnu", *_inconnu("un niveau déclaré", "le", "matrix.levels")),
    "unknown-degree": ("Degré inconnu", *_inconnu("un degré déclaré", "le", "matrix.degrees")),
    "unknown-dimension": ("Dimension inconnue", *_inconnu("une dimension déclarée", "la", "dimensions")),
    "unknown-source": ("Source inconnue", *_inconnu("une source déclarée", "la", "sources")),
    "unknown-frame": ("Cadre d'obligation inconnu", *_inconnu("un cadre d'obligation déclaré", "le", "frames")),
    "unknown-category": ("Catégorie d'établissement inconnue", "'{id}' n'est pas une catégorie d'établissement",
                         "{hint}Utilisez l'une des valeurs : {known}."),
    # --- conditions ---
    "condition-forward-reference": (
        "Condition sur un item placé plus loin",
        "la condition porte sur '{item}', qui vient plus loin dans le questionnaire (ligne {line})",
        "Une condition ne peut porter que sur un item déjà passé, pour qu'une seule lecture décide de ce qui est "
        "affiché : placez '{item}' avant cet item, ou mettez la condition sur un item placé plus loin."),
    "condition-unknown-item": ("Condition sur un item inconnu",
                               "la condition porte sur '{item}', qui n'est pas {expected}",
                               "{hint}Indiquez un identifiant qui désigne {expected}."),
    "condition-cycle": ("Condition qui dépend d'elle-même",
                        "la condition de '{item}' dépend de sa propre réponse ({cycle})",
                        "Rompez la boucle : un item ne peut pas être affiché ou masqué par sa propre réponse."),
    "condition-outside-group": (
        "Condition sur un sous-item d'un autre groupe",
        "la condition porte sur '{item}', un sous-item du groupe '{group}', qui reçoit une réponse par entrée",
        "Ne faites référence à '{item}' que depuis un autre sous-item de '{group}', ou visez un item hors groupe."),
    "condition-bad-field": ("Condition sur une réponse que l'item n'a pas",
                            "'{field}' n'est pas une réponse de '{item}' (item de type {kind})", "{hint}"),
    "condition-bad-operator": ("Comparaison impossible", "{detail}", "{hint}"),
    # --- sections, items, groups ---
    "empty-section": ("Section vide", "la section '{id}' n'a aucun item", "Ajoutez-y des items, ou supprimez-la."),
    "kind-field-misuse": ("Clé sans objet pour ce type d'item", "'{key}' n'a pas de sens sur un item de type {kind}",
                          "Supprimez '{key}', ou changez 'kind' en {kinds}."),
    "bad-range": ("Bornes dans le mauvais ordre", "{low_key} ({low}) est supérieur à {high_key} ({high})",
                  "Inversez les deux valeurs, ou corrigez l'une d'elles."),
    "missing-scale": ("Item à choix sans échelle",
                      "un item de type {kind} a besoin d'une échelle qui liste ses options",
                      "Ajoutez 'scale: <id>' qui désigne une échelle de rôle choice (role: choice)."),
    "group-without-items": ("Groupe sans sous-items", "le groupe '{id}' n'a aucun sous-item",
                            "Listez ses questions sous 'items:', ou changez son type ('kind')."),
    "nested-group": ("Groupe dans un groupe",
                     "le groupe '{id}' est à l'intérieur du groupe '{parent}' ; les groupes ne peuvent pas s'imbriquer",
                     "Sortez '{id}' du groupe et placez-le parmi les items de la section."),
    "practice-in-group": (
        "Pratique dans un groupe",
        "la pratique '{id}' est dans le groupe '{group}', dont les sous-items reçoivent une réponse par entrée ; une "
        "pratique est comptée une seule fois par établissement",
        "Placez '{id}' parmi les items de la section, ou faites-en un sous-item single_choice."),
    # --- scales ---
    "scale-inconsistent": ("Échelle illisible pour le calcul des scores", "l'échelle '{id}' (rôle {role}) {detail}",
                           "{hint}"),
    "scale-wrong-role": ("Échelle du mauvais rôle", "'{key}' désigne l'échelle '{scale}', dont le rôle est {role}",
                         "Indiquez dans '{key}' une échelle avec role: {expected}, ou changez le rôle de '{scale}'."),
    "duplicate-questionnaire": ("Même questionnaire dans deux fichiers",
                                "le questionnaire '{id}' version {version} est déjà défini dans {other}",
                                "Supprimez l'un des deux fichiers, ou donnez une nouvelle version à celui-ci."),
    # --- scoring rules ---
    "derivation-bad-item": ("Item de dérivation du mauvais type",
                            "derivation.{key} '{id}' est {found} ; il doit être {expected}", "{hint}"),
    # --- warnings ---
    "empty-cell": ("Case de la matrice sans item", "aucun item ne documente la case {level} × {degree}",
                   "Ajoutez un item avec cells: [{{level: {level}, degree: {degree}}}], ou acceptez que cette case "
                   "soit toujours « absente »."),
    "missing-en-text": ("Traduction anglaise manquante", "ce texte n'a pas de traduction anglaise ('en')",
                        "Ajoutez 'en: …' ; d'ici là, les lecteurs anglophones voient le texte français."),
}


def _french(code: str) -> tuple[str, str, str]:
    return _FRENCH.get(code, ("", "", ""))


CATALOGUE: dict[str, ErrorType] = {
    **{code: ErrorType(code, title, message, fix, "error", *_french(code)) for code, title, message, fix in _ENTRIES},
    **{code: ErrorType(code, title, message, fix, "warning", *_french(code))
       for code, title, message, fix in _WARNINGS},
}


def problem(code: str, location: str, *, found: str = "", expected: str = "", lang: str | None = None,
            **fields: object) -> Problem:
    """A `Problem` filled from the catalogue entry ``code``, worded in ``lang`` (default: the current language)."""
    entry = CATALOGUE[code]
    message, fix = entry.templates(_normalise(lang) if lang else current_language())
    values = _Blank({k: "" if v is None else v for k, v in fields.items()})
    values.update(found=found, expected=expected)
    return Problem(
        code=code,
        location=location,
        message=message.format_map(values),
        fix=fix.format_map(values).strip(),
        found=str(found),
        expected=str(expected),
        severity=entry.severity,
    )


def known_list(values, limit: int = 12) -> str:
    """A short, readable list of the accepted values for a fix text."""
    french = current_language() == "fr"
    values = [str(v) for v in values]
    if not values:
        return "(aucune déclarée)" if french else "(none declared)"
    shown = ", ".join(values[:limit])
    more = len(values) - limit
    if more <= 0:
        return shown
    return shown + (f", … ({more} de plus)" if french else f", … ({more} more)")
