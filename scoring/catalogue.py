"""A questionnaire flattened into arrays, so that scoring is lookups and matrix products, not loops.

Codes are looked up through one vocabulary of every option code; per-item lookup tables
(items × codes) say what a code means for that item, or that it is not on the item's scale.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

import numpy as np
import pandas as pd

from questionnaires.model import Item, Questionnaire

STATUS_MEANINGS = ("not_in_place", "being_set_up", "in_place", "evaluated")
NOT_IN_PLACE, BEING_SET_UP, IN_PLACE, EVALUATED = range(4)
PILOT, BEYOND_PILOT = 0, 1
INVALID = -1
ANSWERABLE = ("practice", "single_choice", "multiple_choice", "number", "text")
FIELDS = ("status", "extent", "priority", "value")
DEFAULT_FIELD = {"practice": "status", "single_choice": "value", "multiple_choice": "choices",
                 "number": "number", "text": "value"}


def _scale_or_none(q: Questionnaire, scale_id: str | None):
    if not scale_id:
        return None
    try:
        return q.scale(scale_id)
    except KeyError:
        return None


@dataclass(frozen=True, eq=False)
class Catalogue:
    """Every item of a questionnaire (group sub-items included) with its lookup tables."""

    questionnaire: Questionnaire
    items: list[Item] = field(repr=False)
    parent: list[str] = field(repr=False)  # group id for sub-items, '' for top-level items
    _texts: dict = field(default_factory=dict, repr=False)  # (lang, sector) -> item texts, worked out once

    @classmethod
    def of(cls, q: Questionnaire) -> Catalogue:
        items, parent = [], []
        for item in q.items():
            items.append(item)
            parent.append("")
            for child in item.items or []:
                items.append(child)
                parent.append(item.id)
        return cls(q, items, parent)

    # --- identities -------------------------------------------------------------------------
    @cached_property
    def item_ids(self) -> pd.Index:
        return pd.Index([i.id for i in self.items], dtype=object)

    @cached_property
    def kinds(self) -> np.ndarray:
        return np.array([i.kind for i in self.items], dtype=object)

    @cached_property
    def position(self) -> dict[str, int]:
        return {i.id: k for k, i in enumerate(self.items)}

    def members(self, group: str) -> np.ndarray:
        """Catalogue positions of the items answered once per row of ``group`` ('' = the response)."""
        return np.array([k for k, (i, p) in enumerate(zip(self.items, self.parent))
                         if p == group and i.kind in ANSWERABLE], dtype=np.int64)

    @cached_property
    def levels(self) -> list[str]:
        return self.questionnaire.level_ids

    @cached_property
    def degrees(self) -> list[str]:
        return self.questionnaire.degree_ids

    @cached_property
    def cells(self) -> list[tuple[str, str]]:
        return self.questionnaire.cells()

    # --- vocabulary and lookup tables -------------------------------------------------------
    @cached_property
    def vocab(self) -> pd.Index:
        """'' first (no value), then every option code of every scale."""
        codes = [""]
        for scale in self.questionnaire.scales:
            codes += [o.code for o in scale.options if o.code not in codes]
        return pd.Index(codes, dtype=object)

    def _scales(self, item: Item, role: str):
        q = self.questionnaire
        if item.kind == "practice":
            return _scale_or_none(q, getattr(item, f"{role}_scale") or role) if role != "value" else None
        if item.kind in ("single_choice", "multiple_choice") and role == "value":
            return _scale_or_none(q, item.scale)
        return None

    def _lut(self, role: str, meaning_of) -> np.ndarray:
        lut = np.full((len(self.items), len(self.vocab)), INVALID, dtype=np.int16)
        for k, item in enumerate(self.items):
            scale = self._scales(item, role)
            for option in scale.options if scale else []:
                lut[k, self.vocab.get_loc(option.code)] = meaning_of(option, scale)
        return lut

    @cached_property
    def status_lut(self) -> np.ndarray:
        """items × codes → 0 not in place … 3 evaluated, -1 not on the scale."""
        return self._lut("status", lambda o, s: STATUS_MEANINGS.index(o.meaning) if o.meaning in STATUS_MEANINGS else INVALID)

    @cached_property
    def extent_lut(self) -> np.ndarray:
        """items × codes → 0 pilot, 1 beyond a pilot."""
        return self._lut("extent", lambda o, s: BEYOND_PILOT if o.meaning == "beyond_pilot" else PILOT)

    @cached_property
    def priority_lut(self) -> np.ndarray:
        """items × codes → the priority's rank (1 = most urgent)."""
        return self._lut("priority", lambda o, s: o.rank if o.rank is not None else s.options.index(o) + 1)

    @cached_property
    def value_lut(self) -> np.ndarray:
        """items × codes → the option's position on the item's choice scale."""
        return self._lut("value", lambda o, s: s.options.index(o))

    @cached_property
    def not_decided(self) -> np.ndarray:
        """items × codes → True where the code means 'not decided' (a decision to take)."""
        return self._lut("value", lambda o, s: 1 if o.meaning == "not_decided" else 0) == 1

    @cached_property
    def has_extent(self) -> np.ndarray:
        return (self.extent_lut != INVALID).any(axis=1)

    @cached_property
    def free_value(self) -> np.ndarray:
        """Items whose ``value`` is free text (no scale to check it against)."""
        return self.kinds == "text"

    # --- matrix incidence -------------------------------------------------------------------
    @cached_property
    def cell_incidence(self) -> np.ndarray:
        """items × cells, 1 where the item evidences the cell (a practice may evidence several)."""
        inc = np.zeros((len(self.items), len(self.cells)), dtype=np.float32)
        index = {c: k for k, c in enumerate(self.cells)}
        for k, item in enumerate(self.items):
            if item.kind != "practice":
                continue
            for ref in item.cells:
                if (ref.level, ref.degree) in index:
                    inc[k, index[(ref.level, ref.degree)]] = 1
        return inc

    @cached_property
    def level_incidence(self) -> np.ndarray:
        """items × levels, 1 where the item evidences any cell of the level (counted once per level)."""
        n_deg = len(self.degrees)
        by_level = self.cell_incidence.reshape(len(self.items), len(self.levels), n_deg).max(axis=2)
        return (by_level > 0).astype(np.float32)

    @cached_property
    def core(self) -> np.ndarray:
        return np.array([i.core for i in self.items], dtype=bool)

    @cached_property
    def required(self) -> np.ndarray:
        return np.array([i.required and i.kind != "text" for i in self.items], dtype=bool)

    @cached_property
    def cell_frame(self) -> pd.DataFrame:
        """One row per (item, level, degree) an item evidences, with the degree's rank."""
        rows = [(item.id, k, ref.level, ref.degree, self.degrees.index(ref.degree))
                for k, item in enumerate(self.items) if item.kind == "practice"
                for ref in item.cells if ref.degree in self.degrees and ref.level in self.levels]
        return pd.DataFrame(rows, columns=["item_id", "position", "level", "degree", "degree_rank"])

    def item_text(self, lang: str, sector: str) -> dict[str, str]:
        key = (lang, sector)
        if key not in self._texts:
            self._texts[key] = {i.id: i.text.render(lang, sector) for i in self.items}
        return self._texts[key]


_CACHE: dict[int, Catalogue] = {}


def catalogue_of(q: Questionnaire) -> Catalogue:
    """One catalogue per questionnaire object (questionnaires are frozen)."""
    cat = _CACHE.get(id(q))
    if cat is None or cat.questionnaire is not q:
        cat = _CACHE[id(q)] = Catalogue.of(q)
    return cat
