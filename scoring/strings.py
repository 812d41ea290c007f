"""String columns to integer codes and back, without looking at each row in Python.

The frame contract has plain string columns; at national scale turning them into codes is most of
the cost of reading the answers, so each kind of column takes its cheapest road:
- a categorical column already holds codes (free);
- a pyarrow-backed string column is dictionary-encoded by pyarrow, and a mostly empty one only on
  its non-empty rows (its lengths come from the offsets, without reading the text);
- anything else goes through ``pandas.factorize``.
Output string columns are built the other way: a pyarrow ``take`` from the few distinct strings, so
that a column of 300,000 establishment ids is not 300,000 Python strings.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

try:  # pyarrow comes with pandas 3 and streamlit; without it, the generic road is taken
    import pyarrow as pa
    import pyarrow.compute as pc
except ImportError:  # pragma: no cover
    pa = pc = None

SPARSE = 0.45  # below this share of non-empty rows, encode only the non-empty ones
DEFAULT_STR = pd.Series(["x"]).dtype  # what pandas builds from Python strings: 'str' in pandas 3, object before


def encode(series: pd.Series, known=None) -> tuple[np.ndarray, np.ndarray]:
    """(codes, uniques): intp codes (the fastest to index with), -1 where empty or missing; uniques as objects.

    ``known``: the values the column is expected to hold (a vocabulary, the response ids). A pyarrow
    column (its non-empty rows, when most are empty) is then looked up in them, which is cheaper than
    hashing it into a dictionary; values outside them still get codes of their own, after the known ones.
    """
    if isinstance(series.dtype, pd.CategoricalDtype):
        return _categorical(series)
    if pa is not None and isinstance(series.dtype, pd.StringDtype) and hasattr(series.array, "__arrow_array__"):
        return _arrow(series.array.__arrow_array__(), known)
    codes, uniques = pd.factorize(series.array)
    return _drop_empty(codes.astype(np.intp, copy=False), np.asarray(uniques, dtype=object))


def _drop_empty(codes: np.ndarray, uniques: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """'' and NaN both mean "no value": code -1."""
    empty = np.flatnonzero(uniques == "")
    if empty.size:
        lut = np.arange(len(uniques) + 1, dtype=np.intp)
        lut[empty] = -1
        lut[-1] = -1  # code -1 (missing) stays -1
        codes = lut[codes]
    return codes, uniques


def _categorical(series: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    cats = series.cat.categories
    uniques = np.asarray(cats.astype(str) if cats.dtype != object else cats, dtype=object)
    return _drop_empty(series.cat.codes.to_numpy().astype(np.intp), uniques)


def _arrow(chunked, known=None) -> tuple[np.ndarray, np.ndarray]:
    if isinstance(chunked, pa.ChunkedArray):
        arr = chunked.chunk(0) if chunked.num_chunks == 1 else chunked.combine_chunks()
    else:
        arr = chunked
    filled = _filled(arr)
    n_filled = int(np.count_nonzero(filled))
    if n_filled == 0:
        return np.full(len(arr), -1, dtype=np.intp), np.array([], dtype=object)
    heads = _run_heads(arr) if n_filled >= SPARSE * len(arr) else None
    if heads is not None:  # long runs of one value (rows grouped by response or by item): encode one row per run
        sub = arr.take(pa.array(heads)).dictionary_encode()
        runs = np.diff(np.r_[heads, len(arr)])
        codes = np.repeat(pc.fill_null(sub.indices, -1).to_numpy(zero_copy_only=False).astype(np.intp), runs)
        uniques = np.asarray(sub.dictionary.to_numpy(zero_copy_only=False), dtype=object)
        if n_filled < len(arr):
            codes[np.flatnonzero(~filled)] = -1
        return codes, uniques
    if n_filled >= SPARSE * len(arr) and known is not None and len(known):
        return _known(arr, filled, known)
    codes = np.full(len(arr), -1, dtype=np.intp)
    if n_filled < SPARSE * len(arr) and known is not None and len(known):
        sub_codes, uniques = _known(arr.filter(pa.array(filled)), np.ones(n_filled, bool), known)
        codes[np.flatnonzero(filled)] = sub_codes
        return codes, uniques
    if n_filled < SPARSE * len(arr):
        sub = arr.filter(pa.array(filled)).dictionary_encode()
        codes[np.flatnonzero(filled)] = sub.indices.to_numpy(zero_copy_only=False)  # by index: faster than a mask
    else:
        sub = arr.dictionary_encode()
        indices = sub.indices
        codes[:] = pc.fill_null(indices, -1).to_numpy(zero_copy_only=False) if indices.null_count else \
            indices.to_numpy(zero_copy_only=False)
        if n_filled < len(arr):
            codes[np.flatnonzero(~filled)] = -1
    return codes, np.asarray(sub.dictionary.to_numpy(zero_copy_only=False), dtype=object)


def _known(arr, filled: np.ndarray, known) -> tuple[np.ndarray, np.ndarray]:
    """Codes by looking each row up in the known values; the few others encoded after them."""
    if isinstance(known, pd.Index) and known.is_unique and known.dtype == object:  # ids: already distinct text
        uniques = known.to_numpy()
        uniques = uniques[uniques != ""]
    else:
        uniques = np.asarray([k for k in dict.fromkeys(str(k) for k in known) if k], dtype=object)
    found = pc.index_in(arr, value_set=pa.array(uniques, type=arr.type))
    codes = pc.fill_null(found, -1).to_numpy(zero_copy_only=False).astype(np.intp)
    if found.null_count:  # empty, missing, or not among the known values
        other = np.flatnonzero((codes < 0) & filled)
        if other.size:
            sub = arr.take(pa.array(other)).dictionary_encode()
            codes[other] = len(uniques) + sub.indices.to_numpy(zero_copy_only=False)
            uniques = np.concatenate([uniques, np.asarray(sub.dictionary.to_numpy(zero_copy_only=False), dtype=object)])
    return codes, uniques


RUNS = 0.25  # at most this many runs per row for the run-length road
SAMPLE = 4096


def _run_heads(arr) -> np.ndarray | None:
    """Where each run of equal values starts, when runs are long (judged on a sample first), else None."""
    n = len(arr)
    if n < 2 * SAMPLE:
        return None
    head = arr.slice(0, SAMPLE)
    if (pc.sum(pc.not_equal(head.slice(1), head.slice(0, SAMPLE - 1))).as_py() or 0) > RUNS * SAMPLE:
        return None
    change = pc.fill_null(pc.not_equal(arr.slice(1), arr.slice(0, n - 1)), True).to_numpy(zero_copy_only=False)
    heads = np.flatnonzero(np.r_[True, change])
    return heads if len(heads) <= RUNS * n else None


def _filled(arr) -> np.ndarray:
    """Non-empty, non-null strings, read from the offsets buffer (the text itself is not touched)."""
    if arr.type in (pa.string(), pa.large_string()) and arr.buffers()[1] is not None:
        width = np.int64 if arr.type == pa.large_string() else np.int32
        offsets = np.frombuffer(arr.buffers()[1], dtype=width)[arr.offset: arr.offset + len(arr) + 1]
        filled = offsets[1:] != offsets[:-1]
    else:
        filled = pc.fill_null(pc.binary_length(arr), 0).to_numpy(zero_copy_only=False) > 0
    if arr.null_count:
        filled &= arr.is_valid().to_numpy(zero_copy_only=False)
    return filled


def blank(series: pd.Series, rows: np.ndarray) -> np.ndarray:
    """For the given rows: is the text empty, only spaces, or missing? (the rest of the column is not read)"""
    if pa is not None and isinstance(series.dtype, pd.StringDtype) and hasattr(series.array, "__arrow_array__"):
        chunked = series.array.__arrow_array__()
        arr = chunked.chunk(0) if chunked.num_chunks == 1 else chunked.combine_chunks()
        rows = np.asarray(rows, dtype=np.int64)
        out = ~_filled(arr)[rows]
        maybe = np.flatnonzero(~out & _starts_with_space(arr, rows))  # only these can be spaces alone
        if maybe.size:
            out[maybe] = ~_filled(pc.utf8_trim_whitespace(arr.take(pa.array(rows[maybe]))))
        return out
    values = series.to_numpy(dtype=object)[rows]
    return np.array([not (isinstance(v, str) and v.strip()) for v in values], dtype=bool)


def _starts_with_space(arr, rows: np.ndarray) -> np.ndarray:
    """Whether each row's text starts with a byte that may begin white space (ASCII space or control, or non-ASCII)."""
    if arr.type not in (pa.string(), pa.large_string()) or arr.buffers()[2] is None:
        return np.ones(len(rows), dtype=bool)
    width = np.int64 if arr.type == pa.large_string() else np.int32
    offsets = np.frombuffer(arr.buffers()[1], dtype=width)[arr.offset: arr.offset + len(arr) + 1]
    data = np.frombuffer(arr.buffers()[2], dtype=np.uint8)
    first = data[np.minimum(offsets[rows], max(len(data) - 1, 0))] if len(data) else np.zeros(len(rows), np.uint8)
    return (first <= 32) | (first >= 128)


def text_column(uniques, codes: np.ndarray):
    """A string column ``uniques[codes]`` ('' where a code is -1), in pandas' default string dtype."""
    uniques = np.asarray(uniques, dtype=object)
    codes = np.asarray(codes)
    if (codes < 0).any():
        uniques, codes = np.append(uniques, ""), np.where(codes < 0, len(uniques), codes)
    if not isinstance(DEFAULT_STR, pd.StringDtype):
        return uniques[codes]
    if pa is None or DEFAULT_STR.storage != "pyarrow":
        return pd.array(uniques[codes], dtype=DEFAULT_STR)
    if len(uniques) == 1:
        return pd.array(pa.repeat(pa.scalar(str(uniques[0]), pa.large_string()), len(codes)), dtype=DEFAULT_STR)
    table = pa.array(uniques, type=pa.large_string())
    return pd.array(table.take(pa.array(codes.astype(np.int64, copy=False))), dtype=DEFAULT_STR)


def constant_column(value: str, n: int):
    """``n`` copies of one string, in pandas' default string dtype."""
    return text_column(np.array([value], dtype=object), np.zeros(n, dtype=np.int64))


def categorical(codes: np.ndarray, categories) -> pd.Categorical:
    """``pd.Categorical.from_codes`` for codes valid by construction: cast once to the width pandas keeps, unchecked."""
    cats = categories if isinstance(categories, pd.Index) else pd.Index(categories)  # inferred, as from_codes does
    n = len(cats)
    width = np.int8 if n < 127 else np.int16 if n < 32767 else np.int32 if n < 2**31 - 1 else np.int64
    return pd.Categorical.from_codes(np.asarray(codes).astype(width, copy=False), dtype=pd.CategoricalDtype(cats),
                                     validate=False)
