"""Synthetic establishments: legal entities, sites and groupings with valid FINESS EJ and ET numbers."""

from __future__ import annotations

import numpy as np
import pandas as pd

from continuum.reference import CATEGORIES, finess_with_key, sector_of_category

# Demo regions with some of their départements and towns (Corsica exercises the 2A/2B FINESS rule).
REGION_PLACES: dict[str, list[tuple[str, str]]] = {
    "52": [("44", "Nantes"), ("49", "Angers"), ("72", "Le Mans"), ("85", "La Roche-sur-Yon"), ("53", "Laval")],
    "53": [("35", "Rennes"), ("29", "Brest"), ("56", "Vannes"), ("22", "Saint-Brieuc")],
    "84": [("69", "Lyon"), ("38", "Grenoble"), ("63", "Clermont-Ferrand"), ("42", "Saint-Étienne")],
    "11": [("75", "Paris"), ("92", "Nanterre"), ("93", "Bobigny"), ("94", "Créteil")],
    "76": [("31", "Toulouse"), ("34", "Montpellier"), ("30", "Nîmes")],
    "94": [("2A", "Ajaccio"), ("2B", "Bastia")],
}
REGION_WEIGHTS = {"52": 0.24, "53": 0.2, "84": 0.2, "11": 0.16, "76": 0.15, "94": 0.05}
CATEGORY_WEIGHTS = {"chu": 0.02, "ch": 0.17, "psychiatric": 0.06, "smr": 0.1, "had": 0.04, "cancer_centre": 0.03,
                    "clinic": 0.12, "ehpad": 0.26, "disability": 0.12, "other_medico_social": 0.08}
STATUS_BY_CATEGORY = {
    "chu": {"public": 1.0}, "ch": {"public": 1.0}, "psychiatric": {"public": 0.8, "private_non_profit": 0.2},
    "smr": {"public": 0.3, "private_non_profit": 0.4, "private_for_profit": 0.3},
    "had": {"public": 0.3, "private_non_profit": 0.6, "private_for_profit": 0.1},
    "cancer_centre": {"private_non_profit": 1.0}, "clinic": {"private_for_profit": 0.9, "private_non_profit": 0.1},
    "ehpad": {"public": 0.45, "private_non_profit": 0.3, "private_for_profit": 0.25},
    "disability": {"private_non_profit": 0.85, "public": 0.15},
    "other_medico_social": {"private_non_profit": 0.7, "public": 0.3},
}
SIZE_RANGE = {"chu": (900, 2500), "ch": (120, 700), "psychiatric": (80, 400), "smr": (40, 180), "had": (20, 120),
              "cancer_centre": (150, 450), "clinic": (60, 300), "ehpad": (30, 120), "disability": (15, 80),
              "other_medico_social": (10, 60)}
NAME_PATTERN = {"chu": "CHU de {town}", "ch": "Centre hospitalier de {town}", "psychiatric": "EPSM de {town}",
                "smr": "Centre SMR {name} ({town})", "had": "HAD {town} {name}", "cancer_centre": "Institut {name}",
                "clinic": "Clinique {name} ({town})", "ehpad": "EHPAD {name} ({town})",
                "disability": "Foyer {name} ({town})", "other_medico_social": "Service {name} ({town})"}
NAMES = ["Les Tilleuls", "Saint-Joseph", "Les Oliviers", "du Parc", "Bellevue", "Sainte-Anne", "Les Cèdres",
         "La Roseraie", "Pasteur", "Jules Verne", "Les Glycines", "Marie Curie", "du Littoral", "Les Vignes"]


def _categories(n: int, rng: np.random.Generator) -> list[str]:
    """Every category appears (the first ones cycle through the list), then by realistic weights."""
    weights = np.array([CATEGORY_WEIGHTS[c] for c in CATEGORIES])
    drawn = list(rng.choice(CATEGORIES, size=max(n - len(CATEGORIES), 0), p=weights / weights.sum()))
    return (list(CATEGORIES) + drawn)[:n]


def _finess(dept: str, kind: int, serial: int) -> str:
    return finess_with_key(f"{dept}{kind}{serial:05d}")


def generate_places(n: int, rng: np.random.Generator) -> dict[str, pd.DataFrame]:
    """``n`` sites and their legal entities and groupings; a CHU's legal entity holds two or three sites."""
    regions = rng.choice(list(REGION_WEIGHTS), size=n, p=list(REGION_WEIGHTS.values()))
    categories = _categories(n, rng)
    sites, entities, serial = [], [], 0
    i = 0
    while i < n:
        category, region = categories[i], str(regions[i])
        dept, town = REGION_PLACES[region][rng.integers(len(REGION_PLACES[region]))]
        statuses = STATUS_BY_CATEGORY[category]
        status = str(rng.choice(list(statuses), p=list(statuses.values())))
        count = int(rng.integers(2, 4)) if category == "chu" else (2 if rng.random() < 0.08 else 1)
        count = min(count, n - i)
        serial += 1
        name = NAME_PATTERN[category].format(town=town, name=NAMES[serial % len(NAMES)])
        low, high = SIZE_RANGE[category]
        sizes = rng.integers(low, high, size=count).astype(float)
        ej = _finess(dept, 0, serial)
        entities.append({"finess": ej, "name": name, "category": category, "legal_status": status,
                         "sector": sector_of_category(category), "region": region, "size": float(sizes.sum())})
        for k in range(count):
            site_name = name if count == 1 else f"{name} — site {k + 1}"
            sites.append({"finess": _finess(dept, 1 + k, serial), "legal_entity": ej, "name": site_name,
                          "category": category, "legal_status": status, "sector": sector_of_category(category),
                          "region": region, "size": float(sizes[k])})
        i += count
    sites_df = pd.DataFrame(sites)
    groupings, members = _groupings(sites_df, rng)
    return {"legal_entities": pd.DataFrame(entities), "sites": sites_df, "groupings": groupings,
            "site_groupings": members}


def _groupings(sites: pd.DataFrame, rng: np.random.Generator) -> tuple[pd.DataFrame, pd.DataFrame]:
    """A GHT per region for public health sites, two private groups, managing organisations per region."""
    groups, members = [], []
    for region, frame in sites.groupby("region", sort=True):
        public_health = frame[(frame.legal_status == "public") & (frame.sector == "health")]
        for number, chunk in enumerate(np.array_split(public_health.finess.to_numpy(), 1 + len(public_health) // 12)):
            if len(chunk):
                code = f"GHT-{region}-{number + 1:02d}"
                groups.append({"code": code, "kind": "ght", "name": f"GHT {region} n°{number + 1}", "region": region})
                members += [{"site": s, "grouping": code} for s in chunk]
        managed = frame[(frame.sector == "medico_social") & (frame.legal_status == "private_non_profit")]
        if len(managed):
            code = f"OG-{region}-01"
            groups.append({"code": code, "kind": "managing_organisation", "name": f"Association gestionnaire {region}",
                           "region": region})
            members += [{"site": s, "grouping": code} for s in managed.finess]
    private = sites[sites.legal_status == "private_for_profit"].finess.to_numpy()
    for number, code in enumerate(("GRP-SANTE-A", "GRP-SANTE-B")):
        groups.append({"code": code, "kind": "private_group", "name": f"Groupe privé {'AB'[number]}", "region": None})
        members += [{"site": s, "grouping": code} for s in private[number::2] if rng.random() < 0.7]
    return pd.DataFrame(groups), pd.DataFrame(members, columns=["site", "grouping"])
