"""Check the answer frame against the questionnaire and turn it into integer arrays, in one pass.

Every bad row becomes a Problem naming the response and the item; the caller raises them once.
Strings are factorised once per column (uniques are few), so no answer is looked at in Python.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

import numpy as np
import pandas as pd

from continuum.problems import Problem, did_you_mean
from continuum.reference import USER_ROLES
from scoring.catalogue import INVALID, Catalogue
from scoring.errors import problem, where

RESPONSE_COLUMNS = ("response_id", "establishment", "campaign_id", "wave", "questionnaire_id",
                    "questionnaire_version", "category", "size", "status", "version_choice")
ANSWER_COLUMNS = ("response_id", "item_id", "entry", "respondent", "respondent_role", "flag", "status",
                  "extent", "priority", "value", "choices", "number", "na_reason")
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


def check_columns(responses: pd.DataFrame, answers: pd.DataFrame) -> list[Problem]:
    out = [problem("scoring-missing-column", "responses", found=c, frame="response")
           for c in RESPONSE_COLUMNS if c not in responses.columns]
    out += [problem("scoring-missing-column", "answers", found=c, frame="answer")
            for c in ANSWER_COLUMNS if c not in answers.columns]
    return out


def check_versions(cat: Catalogue, responses: pd.DataFrame) -> list[Problem]:
    q = cat.questionnaire
    bad = responses[responses["questionnaire_version"].astype(str) != q.version]
    return [problem("scoring-wrong-version", where(rid), found=v, expected=q.version, questionnaire=q.id)
            for rid, v in zip(bad["response_id"], bad["questionnaire_version"])]


@dataclass
class Column:
    """A string column factorised once: codes (-1 = empty or missing) and the distinct strings."""

    codes: np.ndarray
    uniques: np.ndarray

    @classmethod
    def of(cls, series: pd.Series) -> Column:
        codes, uniques = pd.factorize(series.array)
        uniques = np.asarray(uniques, dtype=object)
        empty = np.flatnonzero(uniques == "")
        if empty.size:  # '' and NaN both mean "no value"
            codes = np.where(codes == empty[0], -1, codes)
        return cls(codes.astype(np.int64, copy=False), uniques)

    def lookup(self, table: np.ndarray, rows: np.ndarray, empty: int) -> np.ndarray:
        """``table[code]`` for the selected rows; ``empty`` where there is no value."""
        return np.append(table, empty)[self.codes[rows]]

    def text(self, row: int) -> str:
        code = self.codes[row]
        return "" if code < 0 else str(self.uniques[code])


class AnswerCodes:
    """The answer frame's string columns, each factorised once and shared by every questionnaire scored."""

    STRING_COLUMNS = ("response_id", "item_id", "respondent", "respondent_role", "flag", "status", "extent",
                      "priority", "value", "choices")

    def __init__(self, answers: pd.DataFrame):
        self.frame = answers
        self.columns = {c: Column.of(answers[c]) for c in self.STRING_COLUMNS}
        self.entry = answers["entry"].to_numpy(dtype=np.int64)
        self.number = answers["number"].to_numpy(dtype=np.float64, na_value=np.nan)

    def __getitem__(self, name: str) -> Column:
        return self.columns[name]


class Encoder:
    """Encodes the answers of the responses of one questionnaire, collecting every problem."""

    def __init__(self, cat: Catalogue, scored: pd.DataFrame, all_response_ids: pd.Index, codes: AnswerCodes):
        self.cat, self.codes, self.answers = cat, codes, codes.frame
        self.scored_ids = pd.Index(scored["response_id"].astype(str).to_numpy(dtype=object), dtype=object)
        self.all_ids = all_response_ids
        self.problems: list[Problem] = []

    def run(self) -> Encoded:
        rows, r = self._responses()
        items = self.codes["item_id"]
        found = self.cat.item_ids.get_indexer(pd.Index(items.uniques, dtype=object))
        i = items.lookup(found, rows, INVALID)
        for k in np.flatnonzero(i < 0)[:500]:
            name = items.text(rows[k])
            self.problems.append(problem(
                "scoring-unknown-item", where(self.scored_ids[r[k]], name), found=name,
                questionnaire=self.cat.questionnaire.id, version=self.cat.questionnaire.version,
                hint=did_you_mean(name, self.cat.item_ids)))
        keep = np.flatnonzero(i >= 0)
        enc = self._fields(rows[keep], r[keep], i[keep])
        self._check(enc)
        return enc

    def _responses(self) -> tuple[np.ndarray, np.ndarray]:
        col = self.codes["response_id"]
        u = pd.Index([str(x) for x in col.uniques], dtype=object)
        pos = np.append(self.scored_ids.get_indexer(u), -1)
        for k in np.flatnonzero(self.all_ids.get_indexer(u) < 0):
            self.problems.append(problem("scoring-unknown-response", where(u[k]), found=u[k]))
        r_all = pos[col.codes]
        rows = np.flatnonzero(r_all >= 0)
        return rows, r_all[rows]

    def _fields(self, rows: np.ndarray, r: np.ndarray, i: np.ndarray) -> Encoded:
        c, vocab = self.codes, self.cat.vocab

        def vocab_codes(name: str) -> np.ndarray:
            return c[name].lookup(vocab.get_indexer(pd.Index(c[name].uniques, dtype=object)), rows, 0)

        flags = np.array([FLAGS.get(u, -1) for u in c["flag"].uniques], dtype=np.int64)
        users = np.array([u in USER_ROLES for u in c["respondent_role"].uniques], dtype=bool)
        value = vocab_codes("value")
        text = self.cat.free_value[i] & (c["value"].codes[rows] >= 0)
        enc = Encoded(
            row=rows, r=r, i=i, entry=c.entry[rows],
            respondent=c["respondent"].lookup(np.arange(1, len(c["respondent"].uniques) + 1), rows, 0),
            user=c["respondent_role"].lookup(users, rows, False), flag=c["flag"].lookup(flags, rows, 0),
            status=vocab_codes("status"), extent=vocab_codes("extent"), priority=vocab_codes("priority"),
            value=np.where(text, INVALID, value), text=text, choices=np.zeros(len(rows), dtype=np.int64),
            number=c.number[rows],
        )
        enc.choices = self._choices(enc)
        return enc

    def _choices(self, enc: Encoded) -> np.ndarray:
        """Bit masks of the chosen options, worked out once per distinct (item, choices) pair."""
        col = self.codes["choices"]
        sub = col.codes[enc.row]
        has = np.flatnonzero(sub >= 0)
        mask = np.zeros(len(enc), dtype=np.int64)
        if not has.size:
            return mask
        pair = enc.i[has] * len(col.uniques) + sub[has]
        distinct, back = np.unique(pair, return_inverse=True)
        bits = np.zeros(len(distinct), dtype=np.int64)
        bad = np.zeros(len(distinct), dtype=bool)
        lut, vocab = self.cat.value_lut, self.cat.vocab
        for k, key in enumerate(distinct):  # distinct pairs only: a handful per item
            codes = [x for x in str(col.uniques[key % len(col.uniques)]).split("|") if x]
            idx = vocab.get_indexer(codes)
            pos = np.where(idx > 0, lut[key // len(col.uniques), np.maximum(idx, 0)], -1)
            bad[k] = bool((pos < 0).any())
            bits[k] = int(np.bitwise_or.reduce(np.left_shift(1, pos[pos >= 0].astype(np.int64)), initial=0))
        mask[has] = bits[back]
        for k in has[bad[back]][:500]:
            self._option_problem(enc, k, "choices", col.text(enc.row[k]))
        return mask

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
        for field, lut in (("status", cat.status_lut), ("extent", cat.extent_lut),
                           ("priority", cat.priority_lut), ("value", cat.value_lut)):
            codes = getattr(enc, field)
            given = codes != 0
            if field == "value":
                given &= ~enc.text
            bad = np.flatnonzero(given & ((codes < 0) | (lut[enc.i, np.maximum(codes, 0)] == INVALID)))
            for k in bad[:500]:
                self._option_problem(enc, k, field, self.codes[field].text(enc.row[k]))
        for k in np.flatnonzero(enc.flag < 0)[:500]:
            self.problems.append(problem("scoring-unknown-flag", self._where(enc, k), found=self.codes["flag"].text(enc.row[k])))
        self._check_reasons(enc)
        self._check_numbers(enc)
        self._check_duplicates(enc)

    def _check_reasons(self, enc: Encoded) -> None:
        na = np.flatnonzero(enc.flag == NA_FLAG)
        if not na.size:
            return
        reasons = self.answers["na_reason"].iloc[enc.row[na]].fillna("").astype(str).str.strip()
        for k in na[(reasons == "").to_numpy()][:500]:
            self.problems.append(problem("scoring-not-applicable-without-reason", self._where(enc, k)))

    def _check_numbers(self, enc: Encoded) -> None:
        lo = np.array([np.nan if it.min is None else it.min for it in self.cat.items])[enc.i]
        hi = np.array([np.nan if it.max is None else it.max for it in self.cat.items])[enc.i]
        with np.errstate(invalid="ignore"):
            bad = np.flatnonzero((enc.number < lo) | (enc.number > hi))
        for k in bad[:500]:
            item = self.cat.items[enc.i[k]]
            self.problems.append(problem("scoring-number-out-of-range", self._where(enc, k), found=enc.number[k],
                                         expected=f"[{item.min}, {item.max}]"))

    def _check_duplicates(self, enc: Encoded) -> None:
        """One problem per (response, item, entry, respondent) answered more than once."""
        n_items = len(self.cat.items)
        plain = (enc.entry < 0) & (enc.respondent == 0)  # the bulk: shared answers outside groups
        key = enc.r[plain] * n_items + enc.i[plain]
        counts = np.bincount(key, minlength=1) if key.size else np.zeros(1, np.int64)
        dup = np.zeros(len(enc), bool)
        dup[np.flatnonzero(plain)] = counts[key] > 1
        rest = np.flatnonzero(~plain)
        if rest.size:  # group entries and individual answers: sort a combined key, compare neighbours
            width_e, width_p = int(enc.entry.max()) + 2, int(enc.respondent.max()) + 1
            key = ((enc.r[rest] * n_items + enc.i[rest]) * width_e + enc.entry[rest] + 1) * width_p \
                + enc.respondent[rest]
            order = np.argsort(key, kind="stable")
            same = key[order][1:] == key[order][:-1]
            hit = np.zeros(rest.size, bool)
            hit[order[1:][same]] = True
            hit[order[:-1][same]] = True
            dup[rest] = hit
        if not dup.any():
            return
        rows = np.flatnonzero(dup)
        frame = pd.DataFrame({"r": enc.r[rows], "i": enc.i[rows], "e": enc.entry[rows], "p": enc.respondent[rows],
                              "k": rows})
        per = frame.groupby(["r", "i", "e", "p"], sort=False)["k"].agg(["first", "size"])
        for first, n in zip(per["first"].to_numpy()[:500], per["size"].to_numpy()[:500]):
            self.problems.append(problem("scoring-duplicate-answer", self._where(enc, int(first)), count=int(n),
                                         entry=enc.entry[first]))
