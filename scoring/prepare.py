"""Check the answer frame against the questionnaire and turn it into integer arrays, in one pass.

Every bad row becomes a Problem naming the response and the item; the caller raises them once.
Strings are turned into codes once per column (``scoring.strings``), so no answer is looked at in
Python; checks are lookups in small (item × code) tables.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

import numpy as np
import pandas as pd

from continuum.problems import Problem, did_you_mean
from continuum.reference import USER_ROLES
from scoring.catalogue import INVALID, Catalogue
from scoring.errors import problem, where
from scoring.checks import MAX_REPORTED, entries, numbers, row_problems
from scoring.rows import Rows
from scoring.strings import blank, encode

FLAGS = {"": 0, "not_applicable": 1, "dont_know": 2}
NA_FLAG, DONT_KNOW = 1, 2


@dataclass
class Encoded:
    """Answer rows of one questionnaire as parallel integer arrays."""

    row: np.ndarray  # position in the answer frame, for tracing and messages
    r: np.ndarray  # position of the response in the scored response frame
    i: np.ndarray  # catalogue position of the item
    entry: np.ndarray
    respondent: np.ndarray  # 0 = the shared (consensus) answer, k > 0 = an individual respondent
    user: np.ndarray  # the respondent is a user (RU, patient partner, CVS member, relative)
    flag: np.ndarray
    status: np.ndarray  # vocabulary codes: 0 = empty
    extent: np.ndarray
    priority: np.ndarray
    value: np.ndarray  # vocabulary code; -1 for free text
    text: np.ndarray  # True where value holds free text
    choices: np.ndarray  # bit k set = option k of the item's scale chosen
    number: np.ndarray

    def take(self, idx: np.ndarray) -> Encoded:
        return Encoded(**{f.name: getattr(self, f.name)[idx] for f in fields(self)})

    def __len__(self) -> int:
        return len(self.r)


@dataclass
class Column:
    """A string column turned into codes once: codes (-1 = empty or missing) and the distinct strings."""

    codes: np.ndarray
    uniques: np.ndarray

    @classmethod
    def of(cls, series: pd.Series, known=None) -> Column:
        return cls(*encode(series, known))

    def lookup(self, table: np.ndarray, rows: Rows | np.ndarray | None, empty) -> np.ndarray:
        """``table[code]`` for the selected rows (all when ``rows`` is None); ``empty`` where there is no value."""
        table = np.append(np.asarray(table), np.asarray(empty, dtype=np.asarray(table).dtype))
        return Rows.of(rows).lookup(table, self.codes)

    def text(self, row: int) -> str:
        code = self.codes[row]
        return "" if code < 0 else str(self.uniques[code])


class AnswerCodes:
    """The answer frame's string columns, each encoded once (when first needed) and shared by every questionnaire."""

    STRING_COLUMNS = ("response_id", "item_id", "respondent", "respondent_role", "flag", "status", "extent",
                      "priority", "value", "choices")

    def __init__(self, answers: pd.DataFrame, known: dict | None = None):
        """``known``: per column, the values it is expected to hold (cheaper to look up than to discover)."""
        self.frame = answers
        self.known = known or {}
        self.columns: dict[str, Column] = {}
        self.entry, self.bad_entries = entries(answers["entry"])
        self.number, self.bad_numbers = numbers(answers["number"])

    def __getitem__(self, name: str) -> Column:
        if name not in self.columns:
            self.columns[name] = Column.of(self.frame[name], self.known.get(name))
        return self.columns[name]

    def response_index(self) -> pd.Index:
        """The distinct response ids of the answer frame, as text (built once, hashed once)."""
        if "_responses" not in self.__dict__:
            u = self["response_id"].uniques
            if len(u) and not all(isinstance(x, str) for x in u[:1]):
                u = np.array([str(x) for x in u], dtype=object)
            self._responses = pd.Index(u, dtype=object)
        return self._responses


    def problems(self, all_response_ids: pd.Index) -> list[Problem]:
        """What is wrong with the answer frame as a whole: answers to no known response, text where a number goes."""
        u = self.response_index()
        rid, item = self["response_id"].text, self["item_id"].text
        unknown = (all_response_ids.get_indexer(u) < 0) & (u != "")  # no id at all is named row by row below
        out = [problem("scoring-unknown-response", where(u[k]), found=u[k])
               for k in np.flatnonzero(unknown)[:MAX_REPORTED]]
        out += row_problems("scoring-unknown-response", np.flatnonzero(self["response_id"].codes < 0), rid, item,
                            lambda k: "")
        out += row_problems("scoring-not-a-number", self.bad_numbers, rid, item,
                            lambda k: str(self.frame["number"].iloc[k]), field="number")
        out += row_problems("scoring-bad-entry", self.bad_entries, rid, item,
                            lambda k: str(self.frame["entry"].iloc[k]))
        return out


class Encoder:
    """Encodes the answers of the responses of one questionnaire, collecting every problem."""

    def __init__(self, cat: Catalogue, scored: pd.DataFrame, all_response_ids: pd.Index, codes: AnswerCodes):
        self.cat, self.codes, self.answers = cat, codes, codes.frame
        self.scored_ids = pd.Index(scored["response_id"].astype(str).to_numpy(dtype=object), dtype=object)
        self.all_ids = all_response_ids
        self.problems: list[Problem] = []

    def run(self) -> Encoded:
        picked, r = self._responses()
        rows = picked.rows
        items = self.codes["item_id"]
        found = self.cat.item_ids.get_indexer(pd.Index(items.uniques, dtype=object)).astype(np.intp)
        i = items.lookup(found, picked, INVALID)
        unknown = np.flatnonzero(i < 0)
        for k in unknown[:MAX_REPORTED]:
            name = items.text(rows[k])
            self.problems.append(problem(
                "scoring-unknown-item", where(self.scored_ids[r[k]], name), found=name,
                questionnaire=self.cat.questionnaire.id, version=self.cat.questionnaire.version,
                hint=did_you_mean(name, self.cat.item_ids)))
        group = np.flatnonzero(self.cat.kinds[np.maximum(i, 0)] == "group") if (self.cat.kinds == "group").any() \
            else np.zeros(0, np.intp)
        for k in group[:MAX_REPORTED]:  # a group holds sub-items and takes no answer itself
            name = self.cat.items[i[k]].id
            self.problems.append(problem("scoring-group-answered", where(
                self.scored_ids[r[k]], name, self.codes.entry[rows[k]]), found=name))
        if unknown.size or group.size:
            keep = np.flatnonzero(i >= 0)
            keep = keep[self.cat.kinds[i[keep]] != "group"] if group.size else keep
            rows, r, i = rows[keep], r[keep], i[keep]
            picked = Rows(rows)
        enc = self._fields(picked, r, i)
        self._check(enc)
        return enc

    def _responses(self) -> tuple[Rows, np.ndarray]:
        """Rows answering a response of this questionnaire, and that response's position."""
        col = self.codes["response_id"]
        pos = np.append(self.scored_ids.get_indexer(self.codes.response_index()), -1).astype(np.intp)
        r_all = pos[col.codes]
        picked = Rows(np.flatnonzero(r_all >= 0))
        return picked, picked.take(r_all)

    def _fields(self, picked: Rows, r: np.ndarray, i: np.ndarray) -> Encoded:
        """``picked``: the rows of this questionnaire's answers (the same rows of every column, runs found once)."""
        c, vocab, rows = self.codes, self.cat.vocab, picked.rows

        def vocab_codes(name: str) -> np.ndarray:
            table = vocab.get_indexer(pd.Index(c[name].uniques, dtype=object)).astype(np.int16)
            return c[name].lookup(table, picked, 0)

        flags = np.array([FLAGS.get(u, -1) for u in c["flag"].uniques], dtype=np.int8)
        users = np.array([u in USER_ROLES for u in c["respondent_role"].uniques], dtype=bool)
        value = vocab_codes("value")
        free = self.cat.free_value
        text = free[i] & (value != 0) if free.any() else np.zeros(len(rows), bool)  # 0 only when empty
        respondent = picked.take(c["respondent"].codes) + 1  # -1 (the shared answer) becomes 0
        enc = Encoded(
            row=rows, r=r, i=i, entry=picked.take(c.entry), respondent=respondent,
            user=c["respondent_role"].lookup(users, picked, False) if respondent.any() else np.zeros(len(rows), bool),
            flag=c["flag"].lookup(flags, picked, 0),
            status=vocab_codes("status"), extent=vocab_codes("extent"), priority=vocab_codes("priority"),
            value=np.where(text, np.int16(INVALID), value) if text.any() else value, text=text,
            choices=np.zeros(0, dtype=np.int64), number=picked.take(c.number),  # choices: just below
        )
        enc.choices = self._choices(enc, picked)
        return enc

    def _choices(self, enc: Encoded, picked: Rows) -> np.ndarray:
        """Bit masks of the chosen options, worked out once per (item, distinct choices) pair, in arrays."""
        col = self.codes["choices"]
        sub = picked.take(col.codes)
        has = np.flatnonzero(sub >= 0)
        mask = np.zeros(len(enc), dtype=np.int64)
        if not has.size:
            return mask
        bits, bad = self._choice_table(col.uniques)
        items = enc.i[has]
        mask[has] = bits[items, sub[has]]
        wrong = has[bad[items, sub[has]]]
        for k in wrong[:MAX_REPORTED]:
            self._option_problem(enc, k, "choices", col.text(enc.row[k]))
        return mask

    def _choice_table(self, uniques: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """items × distinct choices strings: the bit mask, and whether a code is not on the item's scale."""
        tokens = [[x for x in str(u).split("|") if x] for u in uniques]
        owner = np.repeat(np.arange(len(uniques)), [len(t) for t in tokens])
        codes = self.cat.vocab.get_indexer(pd.Index([x for t in tokens for x in t], dtype=object))
        lut = self.cat.value_lut  # items × vocabulary → option position, INVALID when not on the scale
        n_items = lut.shape[0]
        bits = np.zeros((n_items, len(uniques)), dtype=np.int64)
        bad = np.zeros((n_items, len(uniques)), dtype=bool)
        if not len(owner):
            return bits, bad
        pos = np.where(codes[None, :] > 0, lut[:, np.maximum(codes, 0)], INVALID).astype(np.int64)
        np.bitwise_or.at(bits.T, owner, np.where(pos >= 0, np.left_shift(1, np.maximum(pos, 0)), 0).T)
        np.logical_or.at(bad.T, owner, (pos < 0).T)
        return bits, bad

    def _option_problem(self, enc: Encoded, k: int, field: str, found: str) -> None:
        item = self.cat.items[enc.i[k]]
        scale = self.cat._scales(item, "value" if field in ("value", "choices") else field)
        expected = ", ".join(o.code for o in scale.options) if scale else f"a {item.kind} item has no {field}"
        self.problems.append(problem("scoring-option-not-on-scale", self._where(enc, k), found=found,
                                     expected=expected, field=field))

    def _where(self, enc: Encoded, k: int) -> str:
        resp = self.codes["respondent"].text(enc.row[k]) if enc.respondent[k] else ""
        return where(self.scored_ids[enc.r[k]], self.cat.items[enc.i[k]].id, enc.entry[k], resp)

    def _check(self, enc: Encoded) -> None:
        cat = self.cat
        bases: dict[int, np.ndarray] = {}  # item * width + 1 for each width of table: one product per width
        for field, lut in (("status", cat.status_lut), ("extent", cat.extent_lut),
                           ("priority", cat.priority_lut), ("value", cat.value_lut)):
            for k in self._off_scale(enc.i, getattr(enc, field), lut, field == "value", bases)[:MAX_REPORTED]:
                self._option_problem(enc, k, field, self.codes[field].text(enc.row[k]))
        for k in np.flatnonzero(enc.flag < 0)[:MAX_REPORTED]:
            self.problems.append(problem("scoring-unknown-flag", self._where(enc, k),
                                         found=self.codes["flag"].text(enc.row[k])))
        self._check_reasons(enc)
        self._check_numbers(enc)
        self._check_placement(enc)
        self._check_duplicates(enc)

    def _off_scale(self, i: np.ndarray, codes: np.ndarray, lut: np.ndarray, free_text: bool,
                   bases: dict[int, np.ndarray]) -> np.ndarray:
        """Rows whose code is not on their item's scale: (item, code) pairs counted once, rows sought only if any."""
        n_items, width = lut.shape[0], lut.shape[1] + 1  # column 0: a string off the vocabulary (code -1)
        valid = np.ones((n_items, width), dtype=bool)
        valid[:, 2:] = lut[:, 1:] != INVALID  # column 1: empty, always valid
        valid[:, 0] = self.cat.free_value if free_text else False  # free text is no code at all
        if not codes.any():  # the field is empty on every row (no status in an inventory…)
            return np.zeros(0, dtype=np.intp)
        if width not in bases:
            bases[width] = i * width + 1
        key = bases[width] + codes  # code -1 (off the vocabulary) lands in column 0
        seen = np.bincount(key, minlength=valid.size) > 0
        if not (seen & ~valid.ravel()).any():
            return np.zeros(0, dtype=np.intp)
        return np.flatnonzero(~valid.ravel()[key])

    def _check_reasons(self, enc: Encoded) -> None:
        na = np.flatnonzero(enc.flag == NA_FLAG)
        if not na.size:
            return
        for k in na[blank(self.answers["na_reason"], enc.row[na])][:MAX_REPORTED]:
            self.problems.append(problem("scoring-not-applicable-without-reason", self._where(enc, k)))

    def _check_placement(self, enc: Encoded) -> None:
        """Sub-items of a repeatable group carry an entry (0, 1, …); every other item -1."""
        cat = self.cat
        in_group = np.array([p != "" for p in cat.parent], dtype=bool)
        if in_group.any():
            bad = (in_group[enc.i] != (enc.entry >= 0)) | (enc.entry < -1)
        else:  # no repeatable group: every entry is -1
            bad = enc.entry != -1
        if self.codes.bad_entries.size:
            bad[np.isin(enc.row, self.codes.bad_entries)] = False  # already named: its entry is not a number
        for k in np.flatnonzero(bad)[:MAX_REPORTED]:
            if cat.parent[enc.i[k]]:
                self.problems.append(problem("scoring-entry-missing", self._where(enc, k), found=enc.entry[k],
                                             group=cat.parent[enc.i[k]]))
            else:
                self.problems.append(problem("scoring-entry-outside-group", self._where(enc, k), found=enc.entry[k]))

    def _check_numbers(self, enc: Encoded) -> None:
        given = np.flatnonzero(~np.isnan(enc.number))
        if not given.size:
            return
        elsewhere = given[self.cat.kinds[enc.i[given]] != "number"]
        for k in elsewhere[:MAX_REPORTED]:  # a number given to a practice, a choice or a text
            item = self.cat.items[enc.i[k]]
            self.problems.append(problem("scoring-option-not-on-scale", self._where(enc, k), found=f"{enc.number[k]:g}",
                                         expected=f"a {item.kind} item has no number", field="number"))
        lo = np.array([-np.inf if it.min is None else it.min for it in self.cat.items], dtype=np.float64)
        hi = np.array([np.inf if it.max is None else it.max for it in self.cat.items], dtype=np.float64)
        x, i = enc.number[given], enc.i[given]
        for k in given[(x < lo[i]) | (x > hi[i])][:MAX_REPORTED]:
            item = self.cat.items[enc.i[k]]
            self.problems.append(problem("scoring-number-out-of-range", self._where(enc, k), found=enc.number[k],
                                         expected=f"[{item.min}, {item.max}]"))

    def _check_duplicates(self, enc: Encoded) -> None:
        """One problem per (response, item, entry, respondent) answered more than once."""
        n_items = len(self.cat.items)
        width_e = int(enc.entry.max(initial=-1)) + 2
        width_p = int(enc.respondent.max(initial=0)) + 1

        def key_of(rows: np.ndarray | None, individual: bool = True) -> np.ndarray:
            """(response, item, entry[, respondent]) as one integer."""
            r, i, e, p = (x if rows is None else x[rows] for x in (enc.r, enc.i, enc.entry, enc.respondent))
            key = r * n_items + i
            if width_e > 1:
                key = key * width_e + e + 1
            return key * width_p + p if individual and width_p > 1 else key

        shared = enc.respondent == 0  # the bulk: one key per (response, item, entry), counted in place
        base = key_of(None, False)
        dup = _repeated_among(base, None if shared.all() else shared)
        if not shared.all():  # the individual respondents' rows: a few, their keys sorted
            rows = np.flatnonzero(~shared)
            hit = _repeated(base[rows] * width_p + enc.respondent[rows] if width_p > 1 else base[rows])
            if hit is not None:
                dup = np.zeros(len(enc), bool) if dup is None else dup
                dup[rows] = hit
        if dup is None or not dup.any():
            return
        rows = np.flatnonzero(dup)
        key = key_of(rows)
        per = pd.DataFrame({"key": key, "k": rows}).groupby("key", sort=True)["k"].agg(["first", "size"])
        for first, n in zip(per["first"].to_numpy()[:MAX_REPORTED], per["size"].to_numpy()[:MAX_REPORTED]):
            self.problems.append(problem("scoring-duplicate-answer", self._where(enc, int(first)), count=int(n),
                                         entry=enc.entry[first]))


def _repeated_among(key: np.ndarray, among: np.ndarray | None) -> np.ndarray | None:
    """Where a key occurs more than once among the rows ``among`` (all when None); None when none does.

    The other rows share one spare key and are masked out, so that no row is gathered or scattered.
    """
    if among is None:
        return _repeated(key)
    if not len(key) or not among.any():
        return None
    if int(key.max()) + 1 >= 4 * len(key) + (1 << 20):
        rows = np.flatnonzero(among)
        hit = _repeated(key[rows])
        if hit is None:
            return None
        out = np.zeros(len(key), bool)
        out[rows] = hit
        return out
    spare_key = int(key.max()) + 1
    spare = np.where(among, key, spare_key)
    counts = np.bincount(spare, minlength=spare_key + 1)
    counts[spare_key] = 0  # the spare key: not a repeat
    return counts[spare] > 1 if counts.max() > 1 else None


def _repeated(key: np.ndarray) -> np.ndarray | None:
    """Where a key occurs more than once (None when none does): counted in a small key space, else sorted."""
    if not len(key):
        return None
    if int(key.max()) < 4 * len(key) + (1 << 20):
        counts = np.bincount(key)
        return counts[key] > 1 if counts.max() > 1 else None
    order = np.argsort(key, kind="stable")  # keys come nearly sorted (rows grouped by response): fast
    same = key[order][1:] == key[order][:-1]
    if not same.any():
        return None
    hit = np.zeros(len(key), bool)
    hit[order[1:][same]] = True
    hit[order[:-1][same]] = True
    return hit
