"""The people side of the demo: participants by role, individual contributions with divergences, consents,
targets, action plans and initiatives."""

from __future__ import annotations

import zlib

import numpy as np
import pandas as pd

from continuum.reference import USER_ROLES

FIRST = ["Anne", "Bruno", "Claire", "David", "Élise", "François", "Gaëlle", "Hugo", "Inès", "Jacques", "Karine",
         "Louis", "Maud", "Nicolas", "Odile", "Pierre", "Rémi", "Sophie", "Thierry", "Valérie"]
LAST = ["Martin", "Bernard", "Dubois", "Durand", "Leroy", "Moreau", "Simon", "Laurent", "Michel", "Garcia",
        "Roux", "Fournier", "Girard", "Bonnet", "Lambert", "Fontaine"]
STATUS_ORDER_MEANINGS = ("not_in_place", "being_set_up", "in_place", "evaluated")
ACTIONS = [("Remettre le livret d'accueil relu par les RU à chaque admission", "consolidate"),
           ("Associer deux patients partenaires au comité qualité et sécurité", "go_further"),
           ("Décider du statut et de la rémunération des patients partenaires", "decision_to_take"),
           ("Former conjointement patients et soignants à la décision partagée", "go_further"),
           ("Présenter les résultats e-Satis à la CDU chaque trimestre", "consolidate"),
           ("Organiser une rencontre annuelle avec le CVS sur le projet d'établissement", "own")]


def _name(rng: np.random.Generator) -> str:
    """A person's name only: pages show the role beside it, in the reader's language."""
    return f"{FIRST[rng.integers(len(FIRST))]} {LAST[rng.integers(len(LAST))]}"


def participants(responses: pd.DataFrame, rng: np.random.Generator) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(people, participants): site staff per site, and RUs shared by several establishments of a region."""
    people: dict[str, dict] = {}
    rows = []
    ru_pool: dict[str, list[str]] = {}
    for region, count in responses.groupby("region")["establishment"].nunique().items():
        ru_pool[region] = [f"ru-{region}-{k:03d}" for k in range(max(2, count // 3))]
        for pid in ru_pool[region]:
            people[pid] = {"id": pid, "display_name": _name(rng), "email": None}
    for r in responses.itertuples():
        roles = ["quality"] + [role for role, p in (("direction", 0.6), ("care_staff", 0.6)) if rng.random() < p]
        if r.co_filled:
            users = ["cvs_member" if r.sector == "medico_social" else "ru"]
            users += [role for role, p in (("patient_partner", 0.4), ("relative", 0.2)) if rng.random() < p]
            roles += users
        individual = rng.random() < 0.35 and r.co_filled
        for role in roles:
            if role == "ru":
                pid = ru_pool[r.region][rng.integers(len(ru_pool[r.region]))]
            else:
                pid = f"{role}-{r.establishment}"
                people.setdefault(pid, {"id": pid, "display_name": _name(rng), "email": None})
            rows.append({"response_id": r.response_id, "person_id": pid, "role": role,
                         "individual": bool(individual and role in ("quality", "care_staff", "ru", "cvs_member"))})
    frame = pd.DataFrame(rows).drop_duplicates(["response_id", "person_id"])
    return pd.DataFrame(people.values()), frame


def individual_answers(answers: pd.DataFrame, parts: pd.DataFrame, status_codes: dict[str, list[str]],
                       rng: np.random.Generator) -> pd.DataFrame:
    """Each individual respondent's own answers: the consensus, diverging on some items (users more cautious)."""
    alone = parts[parts["individual"]]
    practice = answers[(answers["status"].fillna("") != "") & (answers["entry"] == -1)]
    merged = practice.merge(alone[["response_id", "person_id", "role"]], on="response_id")
    if merged.empty:
        return merged
    order = {code: i for i, meaning in enumerate(STATUS_ORDER_MEANINGS) for code in status_codes.get(meaning, [])}
    ladder = [(status_codes.get(m) or [""])[0] for m in STATUS_ORDER_MEANINGS]
    rank = merged["status"].map(order).fillna(2).to_numpy().astype(int)
    is_user = merged["role"].isin(USER_ROLES).to_numpy()
    shift = np.where(rng.random(len(merged)) < np.where(is_user, 0.2, 0.12), np.where(is_user, -1, 1), 0)
    merged["status"] = np.array(ladder)[np.clip(rank + shift, 0, 3)]
    merged["respondent"], merged["respondent_role"] = merged.pop("person_id"), merged.pop("role")
    return merged


def consents(sites: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    rows = []
    for finess in sites["finess"]:
        for kind, p in (("named_to_peers", 0.6), ("results_to_ars", 0.5), ("cited_as_example", 0.3)):
            if rng.random() < 0.85:
                rows.append({"site": finess, "kind": kind, "granted": bool(rng.random() < p),
                             "given_by": _name(rng)})
        # the national consent (migration 0004) draws from the FINESS, not ``rng``: the rest of the demo is unchanged
        draw = zlib.crc32(f"national:{finess}".encode()) % 100
        if draw < 85:
            rows.append({"site": finess, "kind": "results_to_national", "granted": draw < 35,
                         "given_by": "Direction générale"})
    return pd.DataFrame(rows)


def targets_and_actions(responses: pd.DataFrame, levels: list[str], degrees: list[str],
                        rng: np.random.Generator) -> tuple[pd.DataFrame, pd.DataFrame]:
    targets, actions = [], []
    for r in responses[responses["status"] != "draft"].itertuples():
        if rng.random() < 0.5:
            for level in levels[:3]:
                targets.append({"response_id": r.response_id, "level": level,
                                "degree": degrees[min(int(rng.integers(1, 3)), len(degrees) - 1)],
                                "reason": "Consolider les bases avant d'aller plus loin", "set_by": "Équipe qualité"})
        if rng.random() < 0.4:
            for k in rng.choice(len(ACTIONS), size=int(rng.integers(1, 4)), replace=False):
                action, kind = ACTIONS[k]
                actions.append({"response_id": r.response_id, "action": action, "kind": kind,
                                "level": levels[int(k) % min(2, len(levels))], "why": "Issu de l'autoévaluation",
                                "owner": "Direction qualité", "indicator": "Réalisé oui/non",
                                "source": "Plan d'actions qualité (PAQSS)", "status": "planned",
                                "updated_by": "Équipe qualité"})
    return pd.DataFrame(targets), pd.DataFrame(actions)


def initiatives(answers: pd.DataFrame, groups: dict[str, str]) -> pd.DataFrame:
    """One initiative per group entry, titled from its title item; some co-declared by a patient partner."""
    rows = []
    for group_id, title_item in groups.items():
        titled = answers[(answers["item_id"] == title_item) & (answers["entry"] >= 0)]
        for r in titled.itertuples():
            rows.append({"response_id": r.response_id, "group_item_id": group_id, "entry": int(r.entry),
                         "title": r.value or "Démarche", "declared_by": "Porteur de projet",
                         "co_declared_by": "Patient partenaire" if r.entry % 2 == 0 else ""})
    return pd.DataFrame(rows)
