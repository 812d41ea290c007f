"""The spreadsheet error catalogue: each code says where (``sheet!cell`` or the file), what was found and the fix.

Every refusal of an import is one of these codes; tests trigger each one.
"""

from __future__ import annotations

from continuum.problems import Problem

# code -> (message template, fix template)
CATALOGUE: dict[str, tuple[str, str]] = {
    # --- the file itself, checked before any spreadsheet library reads it
    "file-too-large": ("the file is {found}, above the {expected} limit", "Send a smaller file (one template per establishment)."),
    "file-not-xlsx": ("this is not an Excel .xlsx workbook ({found})", "Save the file as an Excel workbook (.xlsx), then import it again."),
    "file-macro-enabled": ("the workbook contains macros ({found})", "Save it as an .xlsx workbook without macros."),
    "file-encrypted": ("the file is protected by a password ({found})", "Remove the opening password (File > Info > Protect workbook), save, and import again."),
    "file-uncompressed-too-large": ("the workbook unpacks to {found}, above the {expected} limit", "Import the template as generated, without added content or images."),
    "file-zip-bomb": ("part '{found}' unpacks {ratio}× its packed size (at most {expected}×)", "This file looks crafted; regenerate the template."),
    "file-too-many-parts": ("the workbook holds {found} parts, at most {expected}", "Import the template as generated, without added content."),
    "file-too-many-rows": ("sheet '{sheet}' spans {found} rows, at most {expected}", "Remove the extra rows, or regenerate the template."),
    "file-unreadable": ("the workbook cannot be read: {found}", "Open it in Excel or LibreOffice, save it as .xlsx, and import it again."),
    # --- the workbook's shape
    "sheet-missing": ("sheet '{found}' is missing", "Use the template as generated: sheets must not be deleted or renamed."),
    "sheet-extra": ("sheet '{found}' is not part of the template", "Delete the sheet you added, or copy its content elsewhere."),
    "stamp-invalid": ("the hidden stamp says '{found}' where '{expected}' was expected", "Regenerate the template; do not edit the hidden 'Tampon' sheet."),
    "questionnaire-not-in-campaign": ("the template is for questionnaire '{found}', which campaign '{campaign}' does not use ({expected})", "Download the template from this campaign."),
    "questionnaire-version-mismatch": ("the template is for {questionnaire} version {found}; the campaign uses version {expected}", "Download the template again from this campaign, and copy your answers into it."),
    "template-outdated": ("the template's structure fingerprint {found} does not match {questionnaire} {version} ({expected})", "Download the template again, and copy your answers into it."),
    "structure-edited": ("this cell must read '{expected}' but reads '{found}'", "Undo the change: only the coloured answer cells may be edited."),
    "merged-cells": ("cells {found} are merged", "Unmerge them (Home > Merge & Center), then import again."),
    "formula-in-answer": ("an answer cell holds a formula ({found})", "Type the value itself, not a formula."),
    "cell-not-an-answer": ("this cell is outside the answer area but holds '{found}'", "Clear it: the item does not take this kind of answer."),
    # --- identity
    "finess-missing": ("no FINESS ET number is given", "Type the 9-character FINESS ET of the site."),
    "finess-invalid": ("'{found}' is not a valid FINESS number", "Type the 9 characters of the FINESS number (2A/2B for Corsica); the last digit is a check key."),
    "finess-unknown": ("no establishment with FINESS {found} is registered and visible to you", "Check the number, or ask the coordinator to register the establishment."),
    "finess-is-legal-entity": ("{found} is the FINESS EJ of '{name}', not a site (FINESS ET)", "Give the FINESS ET of the site; its sites: {sites}."),
    "finess-ej-mismatch": ("site {site} belongs to legal entity {expected}, not {found}", "Correct the FINESS EJ, or leave it empty."),
    "finess-not-this-establishment": ("the template was made for {expected}, but names {found}", "Use the template downloaded for this establishment."),
    "version-choice-unknown": ("'{found}' is not a version choice ({expected})", "Pick the version from the drop-down list."),
    # --- answers
    "code-unknown": ("'{found}' is not one of the answers allowed here ({expected})", "Pick an answer from the drop-down list. {hint}"),
    "answer-required": ("item {item} needs an answer", "Answer it, or mark it 'not applicable' with a reason."),
    "na-reason-missing": ("'not applicable' with no reason", "Say in a few words why it does not apply, in the reason column."),
    "na-reason-without-flag": ("a reason is given but the item is not marked 'not applicable' ({found})", "Mark the item 'not applicable', or clear the reason."),
    "flag-and-answer": ("the item is marked '{found}' and also answered", "Keep either the answer or the mark."),
    "extent-not-expected": ("an extent is given while the status is '{found}'", "Give the extent only for a practice in place; clear it otherwise."),
    "priority-not-expected": ("a priority is given while the status is '{found}'", "Give the priority only for a practice not in place; clear it otherwise."),
    "number-invalid": ("'{found}' is not a number", "Type a number ({expected})."),
    "number-out-of-range": ("{found} is outside {expected}", "Correct the number."),
    "text-too-long": ("the text has {found} characters, at most {expected}", "Shorten it."),
    "entries-too-few": ("{found} entries, at least {expected} needed", "Fill one row per entry."),
    "entries-too-many": ("{found} entries, at most {expected}", "Keep at most {expected} rows."),
    "answer-hidden-ignored": ("item {item} is not asked given the other answers; its answer is ignored", "Clear it, or change the answer it depends on."),
}


def problem(code: str, location: str, *, found: object = "", expected: object = "", severity: str = "error",
            **params: object) -> Problem:
    """A catalogue problem, its templates filled with ``found``, ``expected`` and ``params``."""
    message, fix = CATALOGUE[code]
    values = {"found": found, "expected": expected, "hint": "", **params}
    return Problem(code=code, location=location, message=message.format(**values), fix=fix.format(**values).strip(),
                   found=str(found), expected=str(expected), severity=severity)  # type: ignore[arg-type]


def at(sheet: str, coordinate: str) -> str:
    """The ``sheet!cell`` location of a cell."""
    return f"{sheet}!{coordinate}"
