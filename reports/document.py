"""A report before layout: its words and tables (already in the reader's language) and the figures it shows."""

from __future__ import annotations

from dataclasses import dataclass, field

import plotly.graph_objects as go


@dataclass
class Table:
    """A table as printed: headers and rows of text (numbers already formatted for the language)."""

    headers: list[str]
    rows: list[list[str]]
    caption: str = ""
    numeric: tuple[int, ...] = ()  # columns aligned right

    def __bool__(self) -> bool:
        return bool(self.rows)


@dataclass
class Figure:
    """A chart with its text alternative: the image's alt text says what the table beside it shows."""

    figure: go.Figure
    alt: str
    image: bytes | None = None


@dataclass
class Document:
    kind: str  # "establishment" or "regional"
    name: str  # file stem: the FINESS, or "regional-<code>"
    lang: str
    title: str
    context: dict = field(default_factory=dict)
    figures: dict[str, Figure] = field(default_factory=dict)
