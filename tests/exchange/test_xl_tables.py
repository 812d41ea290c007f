"""The table writer: safe text, numbers as numbers, dates as dates, readable sheets, CSV for French Excel, row limits."""

from __future__ import annotations

import datetime as dt
import io

import pandas as pd
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook

from exchange.safe import neutralise, restore
from exchange.tables import Table, csv_bytes, sheet_name, write_csv_folder, write_xlsx

PAYLOADS = ["=1+1", "+SUM(A1)", "-2+3", "@cmd", "\tTAB", "\rCR", "'=already", "=HYPERLINK(\"http://x\",\"y\")"]


def test_every_payload_gets_one_apostrophe_and_comes_back_exactly():
    for payload in PAYLOADS:
        assert neutralise(payload) == "'" + payload
        assert restore(neutralise(payload)) == payload
    assert neutralise("Livret d'accueil") == "Livret d'accueil"
    assert restore("'bonjour") == "'bonjour"  # an apostrophe a person typed stays


@given(st.text(max_size=30))
def test_neutralise_round_trip_is_exact(text):
    assert restore(neutralise(text)) == text
    assert not neutralise(text).startswith(("=", "+", "-", "@", "\t", "\r"))


def _frame() -> pd.DataFrame:
    return pd.DataFrame({
        "region": ["52", "53", "52"],
        "comment": ["=1+1", "-5 lits", "ok"],
        "number": [-3.5, 12.0, float("nan")],
        "count": [1, -2, 3],
        "when": pd.to_datetime(["2025-01-15 10:00", "2025-02-01 00:00", None]),
    })


def test_xlsx_keeps_numbers_and_dates_and_neutralises_text():
    data = write_xlsx([Table("Réponses", _frame(), "test", split_by="region")])
    wb = load_workbook(io.BytesIO(data))
    assert wb.sheetnames == ["README", "Réponses"]
    ws = wb["Réponses"]
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref == "A1:E4"
    assert [c.value for c in ws[2]] == ["52", "'=1+1", -3.5, 1, dt.datetime(2025, 1, 15, 10, 0)]
    assert ws["B3"].value == "'-5 lits" and ws["C3"].value == 12 and ws["D3"].value == -2
    assert ws["C2"].data_type == "n" and ws["B2"].data_type == "s"
    assert ws["E2"].is_date
    assert ws["C4"].value is None and ws["E4"].value is None
    assert ws.column_dimensions["B"].width >= 9


def test_a_table_above_the_row_limit_is_split_by_region_then_in_chunks():
    frame = pd.DataFrame({"region": ["52"] * 5 + ["53"] * 2, "n": range(7)})
    data = write_xlsx([Table("Long", frame, split_by="region")], max_rows=4)
    wb = load_workbook(io.BytesIO(data))
    assert wb.sheetnames == ["README", "Long 52 1", "Long 52 2", "Long 53"]
    assert [wb[s].max_row for s in wb.sheetnames[1:]] == [4, 3, 3]  # 3 + 2 rows of 52, 2 of 53, each with a header
    readme = [[c.value for c in row] for row in wb["README"].iter_rows()]
    assert ["Long 52 2", None, 2] in readme and ["Long 53", None, 2] in readme


def test_csv_has_a_bom_and_a_french_variant():
    comma = csv_bytes(_frame())
    assert comma.startswith(b"\xef\xbb\xbf")
    lines = comma.decode("utf-8-sig").splitlines()
    assert lines[1] == "52,'=1+1,-3.5,1,2025-01-15T10:00:00"
    semicolon = csv_bytes(_frame(), sep=";").decode("utf-8-sig").splitlines()
    assert semicolon[1] == "52;'=1+1;-3,5;1;2025-01-15T10:00:00"
    assert semicolon[2] == "53;'-5 lits;12;-2;2025-02-01T00:00:00"


def test_csv_folder_has_ascii_file_names(tmp_path):
    files = write_csv_folder([Table("Réponses (long)", _frame())], tmp_path)
    assert [f.name for f in files] == ["reponses_long.csv"]


def test_sheet_names_are_valid_and_unique():
    assert sheet_name("a/b:c*d?[e]") == "a_b_c_d__e_"
    assert sheet_name("x" * 40) == "x" * 31
    assert sheet_name("Pairs", ["pairs"]) == "Pairs (2)"
