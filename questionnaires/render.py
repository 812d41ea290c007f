"""Words shown to people: an item's wording for a sector and language, and the labels of scales, levels and degrees.

Used by pages, the Excel template and reports, so an item reads the same everywhere.
French is the fallback of every English text. No Streamlit here.
"""

from __future__ import annotations

from questionnaires.model import Item, Questionnaire, Scale, Text


def normalise_sector(sector: str | None) -> str:
    """'medico-social' (CLI spelling) and 'medico_social' (data spelling) are the same sector."""
    return (sector or "health").replace("-", "_")


def text(value: Text | None, lang: str = "fr") -> str:
    """A text in ``lang`` (French when there is no English), '' for no text."""
    return value.get(lang) if value is not None else ""


def item_text(item: Item, lang: str = "fr", sector: str = "health", falc: bool = False) -> str:
    """An item's wording: the easy-to-read variant when asked and written, else the sector's wording."""
    return item.text.render(lang, normalise_sector(sector), falc)


def option_labels(scale: Scale, lang: str = "fr") -> dict[str, str]:
    """Option code -> label, in the scale's order."""
    return {option.code: option.label.get(lang) for option in scale.options}


def scale_label(questionnaire: Questionnaire, scale_id: str, code: str, lang: str = "fr") -> str:
    """The label of an option code; the code itself when the scale or code is unknown (old answers)."""
    try:
        option = questionnaire.scale(scale_id).option(code)
    except KeyError:
        return code
    return option.label.get(lang) if option is not None else code


def practice_labels(questionnaire: Questionnaire, item: Item, role: str, lang: str = "fr") -> dict[str, str]:
    """Code -> label of a practice item's status, extent or priority scale."""
    return option_labels(questionnaire.practice_scale(item, role), lang)


def choice_labels(questionnaire: Questionnaire, item: Item, lang: str = "fr") -> dict[str, str]:
    """Code -> label of a single or multiple choice item's options ({} for other kinds)."""
    return option_labels(questionnaire.scale(item.scale), lang) if item.scale else {}


def level_label(questionnaire: Questionnaire, level_id: str, lang: str = "fr") -> str:
    level = next((lv for lv in questionnaire.matrix.levels if lv.id == level_id), None)
    return level.label.get(lang) if level is not None else level_id


def degree_label(questionnaire: Questionnaire, degree_id: str, lang: str = "fr") -> str:
    degree = next((d for d in questionnaire.matrix.degrees if d.id == degree_id), None)
    return degree.label.get(lang) if degree is not None else degree_id


def dimension_label(questionnaire: Questionnaire, dimension_id: str, lang: str = "fr") -> str:
    dimension = next((d for d in questionnaire.dimensions if d.id == dimension_id), None)
    return dimension.label.get(lang) if dimension is not None else dimension_id


def section_title(questionnaire: Questionnaire, section_id: str, lang: str = "fr") -> str:
    section = next((s for s in questionnaire.sections if s.id == section_id), None)
    return section.title.get(lang) if section is not None else section_id


def cell_label(questionnaire: Questionnaire, level_id: str, degree_id: str, lang: str = "fr") -> str:
    """'Soins × Information': how a cell is named in tables and reports."""
    return f"{level_label(questionnaire, level_id, lang)} × {degree_label(questionnaire, degree_id, lang)}"
