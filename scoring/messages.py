"""Words for the engine's codes, in French first and English; the engine itself returns codes and parameters.

Degree and level ids in the parameters are turned into the questionnaire's own labels.
"""

from __future__ import annotations

from questionnaires.model import Questionnaire

MESSAGES: dict[str, dict[str, str]] = {
    # cell states
    "state.absent": {"fr": "absent", "en": "absent"},
    "state.emerging": {"fr": "émergent", "en": "emerging"},
    "state.present": {"fr": "présent", "en": "present"},
    "state.established": {"fr": "établi", "en": "established"},
    "state.declared_not_evidenced": {"fr": "déclaré, non démontré", "en": "declared, not evidenced"},
    "state.not_applicable": {"fr": "non applicable", "en": "not applicable"},
    "state.not_assessed": {"fr": "non évalué", "en": "not assessed"},
    "state.not_answered": {"fr": "sans réponse", "en": "not answered"},
    "state.to_be_agreed": {"fr": "à mettre en consensus", "en": "to be agreed"},
    "cell.count": {"fr": "{in_place} sur {applicable} en place", "en": "{in_place} of {applicable} in place"},
    "cell.to_be_agreed": {"fr": "{count} pratique(s) à mettre en consensus", "en": "{count} practice(s) to be agreed"},
    "low_completeness": {"fr": "complétude faible ({percent} %)", "en": "low completeness ({percent}%)"},
    "foundation_gap": {
        "fr": "fondations manquantes : {level} vise un degré plus élevé sans pratique d'information en place",
        "en": "foundation gap: {level} claims a higher degree with no information practice in place",
    },
    "over_declared": {"fr": "déclaré {declared} — pratiques de {derived}",
                      "en": "declared {declared} — practices of {derived}"},
    "coverage.caption": {
        "fr": "La couverture sert à suivre un même établissement d'une vague à l'autre, jamais à classer.",
        "en": "Coverage follows the same establishment across waves; it never ranks establishments.",
    },
    "profile.caption": {
        "fr": "L'information et la consultation restent essentielles : un degré plus élevé n'est pas meilleur "
              "pour chaque pratique ni pour chaque personne.",
        "en": "Information and consultation remain essential: a higher degree is not better for every practice "
              "or every person.",
    },
    # peers
    "peers.not_enough": {"fr": "pas assez de pairs", "en": "not enough peers"},
    "peers.not_compared": {"fr": "comparé sur les soins et l'organisation seulement",
                           "en": "compared on care and organisation only"},
    "peers.voluntary": {"fr": "La participation est volontaire : les pairs ne représentent pas tous les "
                              "établissements.",
                        "en": "Participation is voluntary: peers do not stand for every establishment."},
    "peers.band": {"fr": "{low}–{high} %", "en": "{low}–{high}%"},
    # next steps
    "why.consolidate": {"fr": "Consolider {level} : pratique de {degree}, au niveau ou en dessous du degré actuel",
                        "en": "Consolidate {level}: a practice of {degree}, at or below the current degree"},
    "why.go_further": {"fr": "Aller plus loin en {level} : pratique du degré suivant ({degree})",
                       "en": "Go further in {level}: a practice of the next degree ({degree})"},
    "why.decision_to_take": {"fr": "Décision à prendre : « non décidé » pour l'intégration d'un patient partenaire",
                             "en": "Decision to take: 'not decided' for integrating a patient partner"},
    "target.reached": {"fr": "cible atteinte", "en": "target reached"},
    "target.to_reach": {"fr": "{steps} degré(s) jusqu'à la cible", "en": "{steps} degree(s) to the target"},
    "target.beyond": {"fr": "au-delà de la cible choisie", "en": "beyond the chosen target"},
    "none": {"fr": "aucun", "en": "none"},
}


def _label(q: Questionnaire | None, kind: str, value: str, lang: str) -> str:
    if q is None or not value:
        return value or render("none", lang)
    items = q.matrix.degrees if kind == "degree" else q.matrix.levels
    for entry in items:
        if entry.id == value:
            text = entry.label.get(lang)
            return text[:1].lower() + text[1:] if kind == "degree" else text
    return value


def render(code: str, lang: str = "fr", questionnaire: Questionnaire | None = None, **params: object) -> str:
    """The sentence for ``code``; parameters named like a degree or a level are shown with their labels."""
    template = MESSAGES[code].get(lang) or MESSAGES[code]["fr"]
    shown = {}
    for key, value in params.items():
        if key in ("degree", "declared", "derived", "target", "current"):
            value = _label(questionnaire, "degree", str(value or ""), lang)
        elif key == "level":
            value = _label(questionnaire, "level", str(value or ""), lang)
        shown[key] = value
    return template.format(**shown)


def state_label(state: str, lang: str = "fr") -> str:
    return render(f"state.{state}", lang)
