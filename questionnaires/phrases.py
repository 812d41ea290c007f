"""The fragments the checks compose into problems (found values, hints, details), in English and French.

The catalogue (`errors`) holds each sentence; these fill its placeholders in the language of
the `errors.language` block, so that a French author reads French from end to end.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from continuum.problems import close_matches, did_you_mean
from questionnaires.errors import current_language

# key -> (English, French); placeholders are filled by `say`.
PHRASES: dict[str, tuple[str, str]] = {
    # --- read stage
    "binary-file": ("a binary file", "un fichier binaire"),
    "not-utf8": ("a file that is not UTF-8 text ({reason})", "un fichier qui n'est pas du texte UTF-8 ({reason})"),
    "at-line": (" (at line {line})", " (à la ligne {line})"),
    "empty-file": ("an empty file", "un fichier vide"),
    "a-list": ("a list", "une liste"),
    "single-value": ("a single value ({type})", "une valeur seule ({type})"),
    # --- build stage: what was found, what was expected
    "a-mapping": ("a mapping", "un bloc 'clé: valeur'"),
    "nothing": ("nothing (an empty value)", "rien (une valeur vide)"),
    "boolean": ("the boolean {value}", "le booléen {value}"),
    "expect-string": ("text", "du texte"),
    "expect-int": ("a whole number", "un nombre entier"),
    "expect-float": ("a number", "un nombre"),
    "expect-bool": ("true or false", "true ou false"),
    "expect-list": ("a list", "une liste"),
    "expect-mapping": ("a mapping (key: value lines)", "un bloc de lignes 'clé: valeur'"),
    "top-level": ("the questionnaire (top level)", "le questionnaire (premier niveau)"),
    # --- build stage: hints
    "hint-quote-boolean": ("YAML reads yes, no, on, off, true and false as booleans: put the word in quotes, e.g. 'no'.",
                           "YAML lit yes, no, on, off, true et false comme des booléens : mettez le mot entre "
                           "guillemets, par exemple 'no'."),
    "hint-quote-number": ("Put the value in quotes to keep it as text.",
                          "Mettez la valeur entre guillemets pour la garder comme texte."),
    "hint-text-mapping": ("Write a text as a mapping, e.g. {{fr: Texte en français, en: English text}}.",
                          "Écrivez un texte sous forme de bloc, par exemple {{fr: Texte en français, en: English "
                          "text}}."),
    "hint-list": ("Write a list, one '- ' entry per line, or [a, b] on one line.",
                  "Écrivez une liste : une entrée '- ' par ligne, ou [a, b] sur une seule ligne."),
    "hint-write-type": ("Write {expected} here.", "Écrivez ici {expected}."),
    "hint-use-one-of": ("Use one of: {values}.", "Utilisez l'une des valeurs : {values}."),
    "hint-use-operator": ("Use one of: {values}.", "Utilisez l'un des opérateurs : {values}."),
    "hint-at-least-one": ("Write at least one entry.", "Écrivez au moins une entrée."),
    "hint-non-empty": ("Write a non-empty text.", "Écrivez un texte non vide."),
    "hint-as-message-says": ("Correct the value as the message says.", "Corrigez la valeur comme l'indique le message."),
    "hint-one-comparison": ("Write one comparison per mapping, e.g. {{item: care.info.leaflet, in: [in_place, "
                            "evaluated]}}; combine several with all:, any: or not:.",
                            "Écrivez une seule comparaison par bloc, par exemple {{item: care.info.leaflet, in: "
                            "[in_place, evaluated]}} ; combinez-en plusieurs avec all:, any: ou not:."),
    "one-operator": ("a comparison needs exactly one operator among {operators}; found {count}",
                     "une comparaison demande exactement un opérateur parmi {operators} ; trouvé(s) : {count}"),
    # --- check stage
    "or": (" or ", " ou "),
    "what-degree": ("degree", "degré"),
    "what-level": ("level", "niveau"),
    "what-dimension": ("dimension", "dimension"),
    "what-source": ("source", "source"),
    "what-frame": ("frame", "cadre d'obligation"),
    "what-scale": ("scale", "échelle"),
    "what-section": ("section", "section"),
    "what-item": ("item", "item"),
    "what-option": ("option of scale '{scale}'", "option de l'échelle '{scale}'"),
    "scale-wrong-meanings": ("has options meaning {wrong}, which a {role} scale cannot mean",
                             "a des options de sens {wrong}, qu'une échelle de rôle {role} ne peut pas avoir"),
    "hint-scale-meanings": ("Use the meanings {allowed} on a {role} scale, or change its role.",
                            "Utilisez les sens {allowed} sur une échelle de rôle {role}, ou changez son rôle."),
    "none": ("(none)", "(aucun)"),
    "scale-status-meanings": ("does not give each status meaning to exactly one option",
                              "ne donne pas chaque sens de statut à exactement une option"),
    "hint-status-meanings": ("Give exactly one option each of the meanings not_in_place, being_set_up, in_place "
                             "and evaluated.",
                             "Donnez exactement une option à chacun des sens not_in_place, being_set_up, in_place "
                             "et evaluated."),
    "scale-extent-meanings": ("needs a meaning on every option, with at least one pilot and one beyond_pilot",
                              "demande un sens sur chaque option, avec au moins un pilot et un beyond_pilot"),
    "hint-extent-meanings": ("Mark the pilot option 'meaning: pilot' and the wider ones 'meaning: beyond_pilot'.",
                             "Marquez l'option pilote 'meaning: pilot' et les plus larges 'meaning: beyond_pilot'."),
    "scale-priority-ranks": ("needs a distinct rank on every option", "demande un rang distinct sur chaque option"),
    "hint-priority-ranks": ("Rank the options 1 (most urgent), 2, 3…",
                            "Numérotez les options 1 (la plus urgente), 2, 3…"),
    "hint-default-scale": ("Practice items use the scale '{scale}' unless '{key}' names another. ",
                           "Les pratiques utilisent l'échelle '{scale}' sauf si '{key}' en désigne une autre. "),
    "bands-order": ("band edges must be distinct and in increasing order",
                    "les bornes des tranches doivent être distinctes et croissantes"),
    "hint-bands-order": ("Write the edges from smallest to largest, e.g. [1, 5, 10].",
                         "Écrivez les bornes de la plus petite à la plus grande, par exemple [1, 5, 10]."),
    "a-group-item": ("a group item", "un item de type group"),
    "a-kind-item": ("a {kind} item", "un item de type {kind}"),
    "a-sub-item": ("a sub-item of the group '{group}'", "un sous-item du groupe '{group}'"),
    "hint-derivation-group": ("Point 'group' at the repeatable group that describes each initiative.",
                              "Indiquez dans 'group' le groupe répétable qui décrit chaque initiative."),
    # --- conditions
    "an-item-here": ("an item of this questionnaire", "un item de ce questionnaire"),
    "any-answer": ("any answer", "une réponse quelconque"),
    "hint-group-no-answer": ("A group has no answer of its own: refer to one of its sub-items from inside the group.",
                             "Un groupe n'a pas de réponse propre : faites référence à l'un de ses sous-items depuis "
                             "l'intérieur du groupe."),
    "hint-use-field": ("Use field: {fields}, or leave 'field' out to compare its {default}.",
                       "Utilisez field: {fields}, ou retirez 'field' pour comparer le champ par défaut ({default})."),
    "operator-cannot-compare": ("'{op}' cannot compare the {field} of '{item}' (a {kind} item)",
                                "'{op}' ne peut pas comparer le champ {field} de '{item}' (item de type {kind})"),
    "number-compared-to": ("'{item}' answers a number, but the comparison gives {values}",
                           "'{item}' reçoit un nombre, mais la comparaison donne {values}"),
    "hint-compare-numbers": ("Compare it with numbers, e.g. gte: 1.", "Comparez-le à des nombres, par exemple gte: 1."),
    "not-an-option-code": ("{value} is not an option code of the {field} of '{item}'",
                           "{value} n'est pas un code d'option du champ {field} de '{item}'"),
}

# pydantic error type -> French detail (English keeps pydantic's own sentence); ctx fills it.
PYDANTIC_FR: dict[str, str] = {
    "literal_error": "la valeur doit être l'une de : {expected}",
    "too_short": "il faut au moins {min_length} entrée(s)",
    "too_long": "il faut au plus {max_length} entrée(s)",
    "string_too_short": "le texte doit faire au moins {min_length} caractère(s)",
    "string_too_long": "le texte doit faire au plus {max_length} caractères",
    "greater_than": "la valeur doit être supérieure à {gt}",
    "greater_than_equal": "la valeur doit être supérieure ou égale à {ge}",
    "less_than": "la valeur doit être inférieure à {lt}",
    "less_than_equal": "la valeur doit être inférieure ou égale à {le}",
    "int_from_float": "la valeur doit être un nombre entier, sans partie décimale",
    "finite_number": "la valeur doit être un nombre fini",
}


def say(phrase: str, /, **fields: object) -> str:
    """The fragment ``phrase`` in the current language, its placeholders filled."""
    english, french = PHRASES[phrase]
    return (french if current_language() == "fr" else english).format(**fields)


def pydantic_detail(err: dict[str, Any]) -> str:
    """What pydantic found wrong, starting lowercase: pydantic's sentence in English, ours in French."""
    if current_language() == "fr" and err["type"] in PYDANTIC_FR:
        ctx = dict(err.get("ctx") or {})
        if "expected" in ctx:
            ctx["expected"] = str(ctx["expected"]).replace(" or ", " ou ")
        try:
            return PYDANTIC_FR[err["type"]].format(**ctx)
        except (KeyError, IndexError):
            pass  # an unexpected ctx: fall back to pydantic's own sentence
    detail = err["msg"].removeprefix("Value error, ")
    return detail[:1].lower() + detail[1:]


def suggest(value: str, candidates: Iterable[str]) -> str:
    """A "did you mean" hint in the current language, or '' when nothing is close."""
    if current_language() != "fr":
        return did_you_mean(value, candidates)
    matches = close_matches(value, candidates)
    return ("Vouliez-vous dire " + " ou ".join(f"'{m}'" for m in matches) + " ?") if matches else ""
