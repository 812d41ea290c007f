"""Reference vocabularies shared by every package: regions, categories, statuses, roles.

Codes are stable English identifiers; labels shown to users come from the
message catalogue (``continuum.i18n``), keyed ``ref.<vocabulary>.<code>``.
"""

from __future__ import annotations

import re

# The 18 French regions, by INSEE region code.
REGIONS: dict[str, str] = {
    "84": "Auvergne-Rhône-Alpes",
    "27": "Bourgogne-Franche-Comté",
    "53": "Bretagne",
    "24": "Centre-Val de Loire",
    "94": "Corse",
    "44": "Grand Est",
    "32": "Hauts-de-France",
    "11": "Île-de-France",
    "28": "Normandie",
    "75": "Nouvelle-Aquitaine",
    "76": "Occitanie",
    "52": "Pays de la Loire",
    "93": "Provence-Alpes-Côte d'Azur",
    "01": "Guadeloupe",
    "02": "Martinique",
    "03": "Guyane",
    "04": "La Réunion",
    "06": "Mayotte",
}

# FINESS categories, grouped as the domain describes them (not the 3-digit FINESS codes).
CATEGORIES: tuple[str, ...] = (
    "chu",  # CHU / CHR
    "ch",  # centre hospitalier
    "psychiatric",  # établissement de santé mentale
    "smr",  # soins médicaux et de réadaptation
    "had",  # hospitalisation à domicile
    "cancer_centre",  # centre de lutte contre le cancer (CLCC)
    "clinic",  # clinique MCO
    "ehpad",
    "disability",  # IME, MAS, FAM, ESAT… (handicap)
    "other_medico_social",
)
HEALTH_CATEGORIES = frozenset({"chu", "ch", "psychiatric", "smr", "had", "cancer_centre", "clinic"})
MEDICO_SOCIAL_CATEGORIES = frozenset({"ehpad", "disability", "other_medico_social"})

LEGAL_STATUSES: tuple[str, ...] = ("public", "private_non_profit", "private_for_profit")
SECTORS: tuple[str, ...] = ("health", "medico_social")

# Who takes part in a self-assessment, by role. Users' roles are flagged, so that the
# professionals-versus-users gap can be computed.
PARTICIPANT_ROLES: tuple[str, ...] = (
    "quality",
    "direction",
    "care_staff",
    "ru",
    "patient_partner",
    "cvs_member",
    "relative",
)
USER_ROLES = frozenset({"ru", "patient_partner", "cvs_member", "relative"})

GROUPING_KINDS: tuple[str, ...] = ("ght", "private_group", "managing_organisation")

DEFAULT_DEGREES: tuple[str, ...] = ("information", "consultation", "collaboration", "partnership")
DEFAULT_LEVELS: tuple[str, ...] = ("care", "organisation", "policy", "teaching", "research")


def sector_of_category(category: str) -> str:
    return "medico_social" if category in MEDICO_SOCIAL_CATEGORIES else "health"


_FINESS_RE = re.compile(r"^(\d{2}|2A|2B)\d{7}$")


def finess_is_valid(number: str) -> bool:
    """Check a FINESS number's shape and its Luhn key (2A read as 21, 2B as 22)."""
    number = (number or "").strip().upper()
    if not _FINESS_RE.match(number):
        return False
    digits = number.replace("2A", "21", 1).replace("2B", "22", 1) if number[:2] in ("2A", "2B") else number
    return _luhn_sum(digits) % 10 == 0


def finess_with_key(first_eight: str) -> str:
    """Complete eight characters into a valid FINESS number by adding the Luhn key."""
    first_eight = first_eight.upper()
    digits = first_eight
    if first_eight[:2] in ("2A", "2B"):
        digits = ("21" if first_eight[:2] == "2A" else "22") + first_eight[2:]
    for key in range(10):
        if _luhn_sum(digits + str(key)) % 10 == 0:
            return first_eight + str(key)
    raise ValueError(first_eight)  # unreachable: one key always fits


def _luhn_sum(digits: str) -> int:
    total = 0
    for index, char in enumerate(reversed(digits)):
        value = int(char)
        if index % 2 == 1:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return total
