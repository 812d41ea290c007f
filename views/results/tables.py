"""Tables that a quality manager can read on a 1280 px screen: long text columns get a width and wrap, short
ones stay narrow, and an empty value shows as "—" rather than Streamlit's "None"."""

from __future__ import annotations

import pandas as pd
import streamlit as st

LINE = 21  # pixels per line of text in a table row (Streamlit wraps a cell's text when its row is taller)
EMPTY = "—"


def row_height(lines: int) -> int | None:
    return None if lines <= 1 else 14 + LINE * lines


def text_columns(widths: dict[str, int | str], frame: pd.DataFrame | None = None) -> dict:
    """Column configuration giving each named column its width (pixels, or "small"/"medium"/"large")."""
    return {col: st.column_config.TextColumn(width=w) for col, w in widths.items()
            if frame is None or col in frame.columns}


def readable_table(frame: pd.DataFrame, widths: dict[str, int | str] | None = None, lines: int = 1,
                   key: str | None = None) -> None:
    height = row_height(lines)
    # with taller rows, Streamlit's automatic height can cut the last row: up to 12 rows, give the exact height
    fixed = 38 + len(frame) * height + 3 if height and len(frame) <= 12 else "auto"
    st.dataframe(frame, hide_index=True, width="stretch", column_config=text_columns(widths or {}, frame),
                 row_height=height, placeholder=EMPTY, key=key, height=fixed)
