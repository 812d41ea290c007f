"""The generic table writer: DataFrames to xlsx (write-only openpyxl) or to CSV, safe and readable.

Every text cell goes through `exchange.safe.neutralise`; numbers stay numbers and dates stay dates.
Each sheet has a frozen header, a filter and widths taken from its content. A table above Excel's
row limit is split into several sheets by a column (region, wave), then in chunks if still too big.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from exchange.safe import neutralise, neutralise_series

EXCEL_MAX_ROWS = 1_048_576
SHEET_NAME_MAX = 31
HEADER_FILL = PatternFill("solid", fgColor="DDE4EE")
HEADER_FONT = Font(bold=True)
_BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")


@dataclass
class Table:
    """One table to export: a sheet in a workbook, or a file in a CSV folder."""

    name: str
    frame: pd.DataFrame
    description: str = ""
    split_by: str | None = None  # the column that splits the table when it exceeds the row limit
    formats: dict[str, str] = field(default_factory=dict)  # column -> Excel number format ("0%", "0.0")


def sheet_name(name: str, taken: Iterable[str] = ()) -> str:
    """A valid, unique Excel sheet name (31 characters, none of []:*?/\\)."""
    base = _BAD_SHEET_CHARS.sub("_", name).strip("'")[:SHEET_NAME_MAX] or "Sheet"
    taken = {t.lower() for t in taken}
    candidate, n = base, 2
    while candidate.lower() in taken:
        suffix = f" ({n})"
        candidate, n = base[: SHEET_NAME_MAX - len(suffix)] + suffix, n + 1
    return candidate


def split_table(table: Table, max_rows: int = EXCEL_MAX_ROWS) -> list[tuple[str, pd.DataFrame]]:
    """(suffix, part) pieces that each fit under ``max_rows`` (the header row included)."""
    frame, room = table.frame, max_rows - 1
    if len(frame) <= room:
        return [("", frame)]
    pieces: list[tuple[str, pd.DataFrame]] = []
    if table.split_by and table.split_by in frame.columns:
        for key, part in frame.groupby(table.split_by, sort=True, observed=True):
            pieces.append((f" {key}", part))
    else:
        pieces.append(("", frame))
    out = []
    for suffix, part in pieces:
        if len(part) <= room:
            out.append((suffix, part))
            continue
        for k, start in enumerate(range(0, len(part), room), start=1):
            out.append((f"{suffix} {k}", part.iloc[start:start + room]))
    return out


def cell_values(frame: pd.DataFrame) -> list[np.ndarray]:
    """Per column, Python values ready for a cell: neutralised text, numbers, naive datetimes, None for blanks."""
    columns = []
    for name in frame.columns:
        s = frame[name]
        if isinstance(s.dtype, pd.CategoricalDtype):
            s = s.astype(object)
        if pd.api.types.is_datetime64_any_dtype(s):
            if getattr(s.dt, "tz", None) is not None:
                s = s.dt.tz_convert("UTC").dt.tz_localize(None)
            values = np.array([None if pd.isna(v) else v.to_pydatetime() for v in s], dtype=object)
        elif pd.api.types.is_bool_dtype(s):
            values = s.to_numpy(dtype=object, copy=True)
        elif pd.api.types.is_numeric_dtype(s):
            values = s.to_numpy(dtype=object, copy=True)
            values[pd.isna(s).to_numpy()] = None
        else:
            values = neutralise_series(s).to_numpy(dtype=object, copy=True)
            values[pd.isna(s).to_numpy()] = None
            values = np.array([_plain(v) for v in values], dtype=object) if _has_odd(values) else values
        columns.append(values)
    return columns


def _has_odd(values: np.ndarray) -> bool:
    return any(isinstance(v, (dt.datetime, pd.Timestamp, dict, list, tuple, set)) for v in values[:50])


def _plain(value):
    """Timestamps become naive datetimes; containers become neutralised text."""
    if isinstance(value, pd.Timestamp):
        value = value.to_pydatetime()
    if isinstance(value, dt.datetime) and value.tzinfo is not None:
        return value.astimezone(dt.timezone.utc).replace(tzinfo=None)
    if isinstance(value, (dict, list, tuple, set)):
        return neutralise(str(value))
    return value


def column_widths(frame: pd.DataFrame, sample: int = 200) -> list[float]:
    """Widths from the header and the first rows, between 8 and 60 characters."""
    head = frame.head(sample)
    out = []
    for name in frame.columns:
        lengths = [len(str(v)) for v in head[name].astype(object).tolist() if v is not None]
        longest = max(max(lengths, default=0), len(str(name)))
        out.append(float(min(max(longest + 2, 8), 60)))
    return out


def write_sheet(ws, frame: pd.DataFrame, formats: dict[str, str] | None = None) -> None:
    """Fill a write-only sheet: widths, frozen header, filter, then rows (formats applied per column)."""
    formats = formats or {}
    for index, width in enumerate(column_widths(frame), start=1):
        ws.column_dimensions[get_column_letter(index)].width = width
    ws.freeze_panes = "A2"
    n_cols = max(len(frame.columns), 1)
    ws.auto_filter.ref = f"A1:{get_column_letter(n_cols)}{len(frame) + 1}"
    header = []
    for name in frame.columns:
        cell = WriteOnlyCell(ws, value=neutralise(str(name)))
        cell.font, cell.fill = HEADER_FONT, HEADER_FILL
        header.append(cell)
    ws.append(header)
    columns = cell_values(frame)
    formatted = [i for i, name in enumerate(frame.columns) if name in formats]
    if not formatted:
        for row in zip(*columns):
            ws.append(row)
        return
    for row in zip(*columns):
        row = list(row)
        for i in formatted:
            cell = WriteOnlyCell(ws, value=row[i])
            cell.number_format = formats[frame.columns[i]]
            row[i] = cell
        ws.append(row)


def readme_frame(tables: list[Table], sheets: dict[str, list[tuple[str, int]]], lang: str = "fr") -> pd.DataFrame:
    heads = ("feuille", "contenu", "lignes") if lang == "fr" else ("sheet", "content", "rows")
    rows = [(name, t.description, n) for t in tables for name, n in sheets.get(t.name, [])]
    return pd.DataFrame(rows, columns=list(heads))


def write_xlsx(tables: list[Table], *, max_rows: int = EXCEL_MAX_ROWS, readme: bool = True, lang: str = "fr",
               intro: list[str] | None = None, after: Callable[[Workbook], None] | None = None
               ) -> bytes:
    """One workbook (write-only mode) with a README sheet first, then one sheet per table or piece of table.

    ``after`` adds extra sheets (the coloured profile, the chart) once the tables are written.
    """
    wb = Workbook(write_only=True)
    readme_ws = wb.create_sheet("README") if readme else None
    sheets: dict[str, list[tuple[str, int]]] = {}
    taken = ["README"] if readme else []
    for table in tables:
        for suffix, part in split_table(table, max_rows):
            name = sheet_name(table.name[: SHEET_NAME_MAX - len(suffix)] + suffix, taken)
            taken.append(name)
            sheets.setdefault(table.name, []).append((name, len(part)))
            write_sheet(wb.create_sheet(name), part, table.formats)
    if after is not None:
        after(wb)
    if readme_ws is not None:
        _write_readme(readme_ws, intro or [], readme_frame(tables, sheets, lang))
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _write_readme(ws, intro: list[str], index: pd.DataFrame) -> None:
    ws.column_dimensions["A"].width = 34
    ws.column_dimensions["B"].width = 100
    ws.column_dimensions["C"].width = 10
    wrap = Alignment(wrap_text=True, vertical="top")
    for line in intro:
        cell = WriteOnlyCell(ws, value=neutralise(line))
        cell.alignment = Alignment(vertical="top")
        ws.append([cell])
    ws.append([])
    header = []
    for name in index.columns:
        cell = WriteOnlyCell(ws, value=name)
        cell.font, cell.fill = HEADER_FONT, HEADER_FILL
        header.append(cell)
    ws.append(header)
    for name, content, rows in index.itertuples(index=False):
        text = WriteOnlyCell(ws, value=neutralise(str(content)))
        text.alignment = wrap
        ws.append([neutralise(name), text, int(rows)])


def csv_bytes(frame: pd.DataFrame, sep: str = ",") -> bytes:
    """CSV in UTF-8 with a BOM; with ``sep=';'`` decimals use a comma, as French Excel expects."""
    decimal = "," if sep == ";" else "."
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=sep, lineterminator="\r\n")
    writer.writerow([neutralise(str(c)) for c in frame.columns])
    columns = cell_values(frame)
    for row in zip(*columns):
        writer.writerow([_csv_value(v, decimal) for v in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _csv_value(value, decimal: str) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (float, np.floating)):
        number = float(value)
        text = str(int(number)) if number.is_integer() and abs(number) < 1e16 else repr(number)
        return text.replace(".", decimal) if decimal != "." else text
    if isinstance(value, (dt.datetime, dt.date)):
        return value.isoformat()
    return str(value)


def csv_file_name(name: str) -> str:
    """An ASCII file name for a table ("Réponses (long)" -> "reponses_long.csv")."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^A-Za-z0-9.-]+", "_", ascii_name).strip("_").lower() + ".csv"


def write_csv_folder(tables: list[Table], folder: str | Path, sep: str = ",") -> list[Path]:
    """One CSV file per table (never split: CSV has no row limit); returns the files written."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for table in tables:
        path = folder / csv_file_name(table.name)
        path.write_bytes(csv_bytes(table.frame, sep))
        written.append(path)
    return written


def iter_rows(frame: pd.DataFrame) -> Iterator[tuple]:
    """The rows as written to a sheet (for tests and callers that build their own sheets)."""
    return zip(*cell_values(frame))
