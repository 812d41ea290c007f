"""The engine's shortcuts over answer rows equal the plain operations they stand for, on random inputs."""

from __future__ import annotations

from collections import Counter

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from scoring.prepare import _repeated_among
from scoring.rows import Rows

# Sorted distinct positions below 300: few long runs (slices) or many short ones (a gather).
positions = st.sets(st.integers(0, 299), max_size=300).map(lambda s: np.array(sorted(s), dtype=np.intp))
runs = st.lists(st.tuples(st.integers(0, 280), st.integers(1, 20)), max_size=5).map(
    lambda spans: np.array(sorted({a + k for a, n in spans for k in range(n)}), dtype=np.intp))


@given(st.one_of(positions, runs), st.integers(0, 2**31))
def test_rows_taken_as_slices_equal_indexing(rows, seed):
    rng = np.random.default_rng(seed)
    values = rng.integers(-1, 7, 300)
    table = rng.integers(0, 100, 8).astype(np.int16)  # code -1 reads the last entry, as an index does
    picked = Rows(rows)
    assert np.array_equal(picked.take(values), values[rows])
    assert np.array_equal(picked.lookup(table, values), table[values[rows]])
    assert picked.lookup(table, values).dtype == table.dtype
    assert np.array_equal(Rows(None).take(values), values)


@given(st.lists(st.tuples(st.integers(0, 40), st.booleans()), max_size=60), st.sampled_from([1, 10**9]))
def test_keys_repeated_among_some_rows_are_found_in_small_and_large_key_spaces(rows, scale):
    key = np.array([k * scale for k, _ in rows], dtype=np.int64)
    among = np.array([a for _, a in rows], dtype=bool)
    counts = Counter(k for k, a in zip(key.tolist(), among.tolist()) if a)
    expected = np.array([a and counts[k] > 1 for k, a in zip(key.tolist(), among.tolist())], dtype=bool)
    found = _repeated_among(key, among)
    assert np.array_equal(np.zeros(len(key), bool) if found is None else found, expected)
    assert (found is None) == (not expected.any())
