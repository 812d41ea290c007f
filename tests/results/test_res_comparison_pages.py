"""The comparison table reaches the browser a page at a time: every establishment is on exactly one page."""

from __future__ import annotations

import pandas as pd

from views.results.comparison import TABLE_PAGE, table_page, table_pages


def test_a_national_table_is_cut_into_pages_that_together_hold_every_row_once():
    table = pd.DataFrame({"Établissement": [f"ÉTS-{k:04d}" for k in range(2 * TABLE_PAGE + 50)]})
    assert table_pages(table) == 3
    pages = [table_page(table, k) for k in (1, 2, 3)]
    assert [len(p) for p in pages] == [TABLE_PAGE, TABLE_PAGE, 50]
    assert pd.concat(pages)["Établissement"].tolist() == table["Établissement"].tolist()
    assert table_page(table, 9).equals(pages[-1]) and table_page(table, 0).equals(pages[0])  # clamped, never empty


def test_a_small_or_empty_table_is_one_page():
    assert table_pages(pd.DataFrame({"a": range(70)})) == 1
    assert table_pages(pd.DataFrame({"a": []})) == 1 and table_page(pd.DataFrame({"a": []}), 1).empty
