"""The questionnaire model: typed, immutable, validated by pydantic v2.

This module declares the *shape* of a questionnaire file. Cross-references
(items, scales, levels, degrees, conditions) are checked by ``validation.py``
so that every problem in a file is collected and reported with its line.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated, Literal, Union

from pydantic import BaseModel, ConfigDict, Discriminator, Field, Tag, model_validator

Identifier = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9_.\-]*$", max_length=80)]


class Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Text(Frozen):
    """A text in French (required) and English (a missing translation is a warning)."""

    fr: str = Field(min_length=1)
    en: str | None = None

    def get(self, lang: str) -> str:
        return (self.en if lang == "en" and self.en else self.fr) or ""


class ItemText(Text):
    """An item's wording, with optional variants for the medico-social sector and easy-to-read French."""

    medico_social: Text | None = None
    falc: Text | None = None

    def render(self, lang: str, sector: str = "health", falc: bool = False) -> str:
        if falc and self.falc is not None:
            return self.falc.get(lang)
        if sector == "medico_social" and self.medico_social is not None:
            return self.medico_social.get(lang)
        return self.get(lang)


class Source(Frozen):
    id: Identifier
    citation: str
    url: str | None = None


class Frame(Frozen):
    """An obligation frame (HAS certification, ESSMS framework, CDU report…), versioned."""

    id: Identifier
    title: Text
    version: str


class ObligationMapping(Frozen):
    frame: Identifier
    refs: list[str] = Field(min_length=1)
    note: Text | None = None


class Degree(Frozen):
    id: Identifier
    label: Text
    description: Text | None = None


class OptionalFor(Frozen):
    """Default suggestion of who may skip a level; the campaign decides."""

    categories: list[str] = Field(default_factory=list, description="Establishment category codes (continuum.reference).")
    size_below: int | None = Field(default=None, ge=1, description="Optional for structures smaller than this (beds or places).")


class Level(Frozen):
    id: Identifier
    label: Text
    description: Text | None = None
    optional_for: OptionalFor = Field(default_factory=OptionalFor)


class Dimension(Frozen):
    """A dimension of its own, for items that evidence no cell (levers of the enabling environment)."""

    id: Identifier
    label: Text


# The Montreal model's matrix, used when a file declares no `matrix` (or only one of its two lists).
DEFAULT_DEGREES = (
    ("information", "Information", "Information"),
    ("consultation", "Consultation", "Consultation"),
    ("collaboration", "Collaboration", "Collaboration"),
    ("partnership", "Partenariat / co-construction", "Partnership / co-construction"),
)
# Default suggestions of optional levels (the campaign decides): teaching and research outside CHUs and
# cancer centres, health policy for structures under 50 beds or places.
_NOT_TEACHING = ["ch", "psychiatric", "smr", "had", "clinic", "ehpad", "disability", "other_medico_social"]
DEFAULT_LEVELS = (
    ("care", "Soins / accompagnement", "Care / support", {}),
    ("organisation", "Organisation et gouvernance", "Organisation and governance", {}),
    ("policy", "Politique de santé / démocratie en santé", "Health policy / health democracy", {"size_below": 50}),
    ("teaching", "Enseignement / formation", "Teaching / training", {"categories": _NOT_TEACHING}),
    ("research", "Recherche", "Research", {"categories": _NOT_TEACHING}),
)


def default_degrees() -> list[Degree]:
    return [Degree(id=i, label=Text(fr=fr, en=en)) for i, fr, en in DEFAULT_DEGREES]


def default_levels() -> list[Level]:
    return [Level(id=i, label=Text(fr=fr, en=en), optional_for=OptionalFor(**optional))
            for i, fr, en, optional in DEFAULT_LEVELS]


class Matrix(Frozen):
    """Ordered degrees and levels; each list defaults to the Montreal model's when the file leaves it out."""

    degrees: list[Degree] = Field(default_factory=default_degrees, min_length=1)
    levels: list[Level] = Field(default_factory=default_levels, min_length=1)


ScaleRole = Literal["status", "extent", "priority", "choice"]
OptionMeaning = Literal[
    # status
    "not_in_place", "being_set_up", "in_place", "evaluated",
    # extent
    "pilot", "beyond_pilot",
    # choice
    "yes", "no", "partly", "not_decided", "decided",
]


class Option(Frozen):
    code: Identifier
    label: Text
    meaning: OptionMeaning | None = None
    rank: int | None = Field(default=None, description="Order of a priority (1 = most urgent) or of a degree.")
    degree: Identifier | None = Field(default=None, description="For scales that name a degree (declared degree).")
    level: Identifier | None = Field(default=None, description="For scales that name a level (initiative domain).")


class Scale(Frozen):
    id: Identifier
    role: ScaleRole = "choice"
    options: list[Option] = Field(min_length=1)

    def option(self, code: str) -> Option | None:
        return next((o for o in self.options if o.code == code), None)


class CellRef(Frozen):
    level: Identifier
    degree: Identifier


# --- conditions: structured YAML, never eval -------------------------------------------------

Scalar = Union[str, int, float, bool]


class Comparison(Frozen):
    """Compare another item's answer. ``field`` defaults to the item's main value (status for practices)."""

    item: Identifier
    field: Literal["status", "extent", "priority", "value", "choices", "number"] | None = None
    equals: Scalar | None = None
    not_equals: Scalar | None = None
    in_: list[Scalar] | None = Field(default=None, alias="in")
    includes: str | None = None
    gt: float | None = None
    gte: float | None = None
    lt: float | None = None
    lte: float | None = None
    answered: bool | None = None

    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)

    @model_validator(mode="after")
    def _one_operator(self) -> Comparison:
        ops = [k for k in OPERATORS if getattr(self, k) is not None]
        if len(ops) != 1:
            raise ValueError(
                f"a comparison needs exactly one operator among {', '.join(o.rstrip('_') for o in OPERATORS)}; found {len(ops)}"
            )
        return self

    @property
    def operator(self) -> str:
        return next(k for k in OPERATORS if getattr(self, k) is not None)


OPERATORS = ("equals", "not_equals", "in_", "includes", "gt", "gte", "lt", "lte", "answered")


class All(Frozen):
    all: list[Condition] = Field(min_length=1)


class Any_(Frozen):
    any: list[Condition] = Field(min_length=1)


class Not(Frozen):
    not_: Condition = Field(alias="not")

    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)


def _condition_kind(value: object) -> str:
    """Pick the condition's shape from its key, so that errors name one shape, not all four."""
    keys = value.keys() if isinstance(value, dict) else {type(value).__name__.lower()}
    for key, tag in (("all", "All"), ("any", "Any_"), ("any_", "Any_"), ("not", "Not"), ("not_", "Not")):
        if key in keys:
            return tag
    return "Comparison"


# The tags are class names, so that a validation error's location can drop them.
Condition = Annotated[
    Union[
        Annotated[All, Tag("All")],
        Annotated[Any_, Tag("Any_")],
        Annotated[Not, Tag("Not")],
        Annotated[Comparison, Tag("Comparison")],
    ],
    Discriminator(_condition_kind),
]
CONDITION_TAGS = frozenset({"All", "Any_", "Not", "Comparison"})
All.model_rebuild()
Any_.model_rebuild()
Not.model_rebuild()


def condition_items(condition: Condition | None) -> Iterator[Comparison]:
    """Every comparison inside a condition, depth first."""
    if condition is None:
        return
    if isinstance(condition, Comparison):
        yield condition
    elif isinstance(condition, All):
        for c in condition.all:
            yield from condition_items(c)
    elif isinstance(condition, Any_):
        for c in condition.any:
            yield from condition_items(c)
    elif isinstance(condition, Not):
        yield from condition_items(condition.not_)


# --- items -----------------------------------------------------------------------------------

ItemKind = Literal["practice", "single_choice", "multiple_choice", "number", "text", "group"]


class Item(Frozen):
    id: Identifier
    kind: ItemKind
    text: ItemText
    help: Text | None = None
    example: Text | None = None
    cells: list[CellRef] = Field(default_factory=list)
    dimension: Identifier | None = None
    required: bool = True
    core: bool = False
    when: Condition | None = None
    sources: list[Identifier] = Field(default_factory=list)
    obligations: list[ObligationMapping] = Field(default_factory=list)
    # practice
    status_scale: Identifier | None = None
    extent_scale: Identifier | None = None
    priority_scale: Identifier | None = None
    # single / multiple choice
    scale: Identifier | None = None
    # number
    min: float | None = None
    max: float | None = None
    integer: bool = False
    unit: Text | None = None
    bands: list[float] | None = Field(default=None, description="Band edges used to report raw counts.")
    # text
    max_length: int = Field(default=2000, ge=1)
    # group
    items: list[Item] | None = None
    min_entries: int = Field(default=0, ge=0)
    max_entries: int | None = Field(default=None, ge=1)


Item.model_rebuild()


class Section(Frozen):
    id: Identifier
    title: Text
    description: Text | None = None
    items: list[Item] = Field(default_factory=list)


class CellStateRules(Frozen):
    present_min_practices: int = Field(default=1, ge=1, description="N: practices in place beyond a pilot for 'present'.")
    established_min_share: float = Field(
        default=50, ge=0, lt=100, description="X: more than X% of applicable practices in place beyond a pilot."
    )
    established_requires_evaluated: bool = True


class EvidenceRules(Frozen):
    degrees: list[Identifier] = Field(default_factory=lambda: ["partnership"])
    inventory: Identifier | None = Field(default="initiative-inventory", description="Questionnaire whose initiatives evidence degrees.")


class DerivationRule(Frozen):
    degree: Identifier
    when: Condition | None = None


class Derivation(Frozen):
    """How the inventory derives an initiative's degree from its power descriptors: first match wins."""

    group: Identifier
    level_item: Identifier
    declared_item: Identifier
    rules: list[DerivationRule] = Field(min_length=1)
    conditions_items: list[Identifier] = Field(default_factory=list, description="Trained, paid, supervised: reported, never used.")


class ScoringRules(Frozen):
    cell_states: CellStateRules = Field(default_factory=CellStateRules)
    evidence: EvidenceRules = Field(default_factory=EvidenceRules)
    low_completeness: float = Field(default=60, ge=0, le=100)
    derivation: Derivation | None = None


class GlossaryEntry(Frozen):
    term: Text
    definition: Text


class Questionnaire(Frozen):
    id: Identifier
    version: str = Field(pattern=r"^\d+\.\d+(\.\d+)?$")
    title: Text
    description: Text | None = None
    sources: list[Source] = Field(default_factory=list)
    frames: list[Frame] = Field(default_factory=list)
    matrix: Matrix = Field(default_factory=Matrix)
    dimensions: list[Dimension] = Field(default_factory=list)
    scales: list[Scale] = Field(default_factory=list)
    sections: list[Section] = Field(min_length=1)
    scoring: ScoringRules = Field(default_factory=ScoringRules)
    glossary: list[GlossaryEntry] = Field(default_factory=list)

    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)

    # --- navigation helpers (no validation here) ---
    def items(self, include_group_children: bool = False) -> Iterator[Item]:
        for section in self.sections:
            for item in section.items:
                yield item
                if include_group_children and item.items:
                    yield from item.items

    def item(self, item_id: str) -> Item:
        for item in self.items(include_group_children=True):
            if item.id == item_id:
                return item
        raise KeyError(item_id)

    def scale(self, scale_id: str) -> Scale:
        for scale in self.scales:
            if scale.id == scale_id:
                return scale
        raise KeyError(scale_id)

    def practice_scale(self, item: Item, role: str) -> Scale:
        """The status, extent or priority scale of a practice item (default: the scale with that id)."""
        return self.scale(getattr(item, f"{role}_scale") or role)

    @property
    def degree_ids(self) -> list[str]:
        return [d.id for d in self.matrix.degrees]

    @property
    def level_ids(self) -> list[str]:
        return [lvl.id for lvl in self.matrix.levels]

    def cells(self) -> list[tuple[str, str]]:
        return [(lvl, deg) for lvl in self.level_ids for deg in self.degree_ids]
