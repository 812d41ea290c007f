"""The codebook: every item of the exported questionnaires with its cells, scales, codes, labels and obligations."""

from __future__ import annotations

import pandas as pd

from questionnaires.model import Item, Questionnaire

COLUMNS = ["questionnaire_id", "questionnaire_version", "section", "item_id", "group", "kind", "core", "required",
           "cells", "scales", "codes", "text_fr", "text_en", "text_medico_social_fr", "condition", "obligations"]


def _scales(q: Questionnaire, item: Item) -> list[str]:
    if item.kind == "practice":
        return [q.practice_scale(item, role).id for role in ("status", "extent", "priority")]
    return [item.scale] if item.scale else []


def _codes(q: Questionnaire, item: Item) -> str:
    lines = []
    for scale_id in _scales(q, item):
        for option in q.scale(scale_id).options:
            lines.append(f"{scale_id}: {option.code} = {option.label.get('fr')} / {option.label.get('en')}")
    if item.kind == "number":
        unit = f" {item.unit.get('fr')}" if item.unit else ""
        lines.append(f"number [{item.min if item.min is not None else ''}; "
                     f"{item.max if item.max is not None else ''}]{unit}{' integer' if item.integer else ''}")
    return "\n".join(lines)


def _obligations(q: Questionnaire, item: Item) -> str:
    frames = {f.id: f for f in q.frames}
    out = []
    for mapping in item.obligations:
        frame = frames.get(mapping.frame)
        title = f"{frame.title.get('fr')} ({frame.version})" if frame else mapping.frame
        out.append(f"{title}: {'; '.join(mapping.refs)}")
    return "\n".join(out)


def codebook_frame(questionnaires: list[Questionnaire]) -> pd.DataFrame:
    rows = []
    for q in questionnaires:
        for section in q.sections:
            for item in section.items:
                for child, group in [(item, ""), *[(c, item.id) for c in item.items or []]]:
                    ms = child.text.medico_social
                    rows.append({
                        "questionnaire_id": q.id, "questionnaire_version": q.version, "section": section.id,
                        "item_id": child.id, "group": group, "kind": child.kind, "core": child.core,
                        "required": child.required, "cells": "; ".join(f"{c.level}/{c.degree}" for c in child.cells),
                        "scales": ", ".join(_scales(q, child)), "codes": _codes(q, child),
                        "text_fr": child.text.fr, "text_en": child.text.en or "",
                        "text_medico_social_fr": ms.fr if ms else "",
                        "condition": child.when.model_dump_json(by_alias=True, exclude_none=True) if child.when else "",
                        "obligations": _obligations(q, child)})
    return pd.DataFrame(rows, columns=COLUMNS)
