"""Words of the offline template and of the exported workbooks, French first.

Sheet names are the same in every language (the import recognises the template by them);
headers, labels and instructions follow the template's language.
"""

from __future__ import annotations

SHEET_INSTRUCTIONS = "Instructions"
SHEET_IDENTITY = "Identité"
SHEET_ANSWERS = "Réponses"
SHEET_LISTS = "Listes"
SHEET_STAMP = "Tampon"

WORDS: dict[str, dict[str, str]] = {
    "fr": {
        "item_id": "Identifiant", "section": "Section", "text": "Pratique ou question", "help": "Aide",
        "kind": "Type", "core": "Socle", "condition": "Condition", "status": "Statut",
        "extent": "Étendue (si en place)", "priority": "Priorité (si pas en place)", "value": "Réponse",
        "flag": "Non applicable / Ne sait pas", "na_reason": "Raison (si non applicable)",
        "comment": "Commentaire ou preuve (jamais de nom de patient)", "entry": "N°",
        "kind.practice": "Pratique", "kind.single_choice": "Choix unique", "kind.multiple_choice": "Choix multiple",
        "kind.number": "Nombre", "kind.text": "Texte libre", "yes": "Oui", "no": "Non",
        "flag.not_applicable": "Non applicable", "flag.dont_know": "Ne sait pas",
        "version.core": "Socle", "version.extended": "Complète",
        "condition.prefix": "Seulement si", "condition.other": "selon d'autres réponses",
        "identity.field": "Champ", "identity.value": "Valeur", "identity.check": "Contrôle",
        "identity.finess_et": "FINESS ET du site (9 caractères, obligatoire)",
        "identity.finess_ej": "FINESS EJ de l'entité juridique (facultatif)",
        "identity.name": "Nom de l'établissement (pour information)",
        "identity.version_choice": "Version remplie : Socle ou Complète",
        "check.ok": "Clé FINESS correcte", "check.bad": "Clé FINESS incorrecte", "check.length": "9 caractères attendus",
    },
    "en": {
        "item_id": "Id", "section": "Section", "text": "Practice or question", "help": "Help",
        "kind": "Kind", "core": "Core", "condition": "Condition", "status": "Status",
        "extent": "Extent (if in place)", "priority": "Priority (if not in place)", "value": "Answer",
        "flag": "Not applicable / Don't know", "na_reason": "Reason (if not applicable)",
        "comment": "Comment or evidence (never a patient's name)", "entry": "No.",
        "kind.practice": "Practice", "kind.single_choice": "Single choice", "kind.multiple_choice": "Multiple choice",
        "kind.number": "Number", "kind.text": "Free text", "yes": "Yes", "no": "No",
        "flag.not_applicable": "Not applicable", "flag.dont_know": "Don't know",
        "version.core": "Core", "version.extended": "Extended",
        "condition.prefix": "Only if", "condition.other": "depending on other answers",
        "identity.field": "Field", "identity.value": "Value", "identity.check": "Check",
        "identity.finess_et": "FINESS ET of the site (9 characters, required)",
        "identity.finess_ej": "FINESS EJ of the legal entity (optional)",
        "identity.name": "Establishment name (for information)",
        "identity.version_choice": "Version filled in: Core or Extended",
        "check.ok": "FINESS key correct", "check.bad": "FINESS key incorrect", "check.length": "9 characters expected",
    },
}

INSTRUCTIONS_FR = [
    "Modèle hors ligne — {title} (version {version})",
    "",
    "À quoi sert ce fichier",
    "Ce classeur permet de remplir l'auto-évaluation sans connexion, puis de l'importer dans Continuum.",
    "L'idéal est de le remplir en petit groupe, avec des représentants des usagers ou des patients partenaires.",
    "",
    "Comment le remplir",
    "1. Feuille « Identité » : saisissez le FINESS ET du site (9 caractères). Le FINESS EJ est facultatif ;",
    "   la colonne « Contrôle » vérifie la clé du numéro. N'inscrivez pas le FINESS EJ à la place du FINESS ET.",
    "2. Feuille « Réponses » : une ligne par pratique ou question. Ne remplissez que les cellules colorées en jaune ;",
    "   les cellules grises ne concernent pas la ligne. Utilisez les listes déroulantes.",
    "   - Statut : pas en place, en cours, en place, en place et évalué.",
    "   - Étendue : seulement si la pratique est en place ; Priorité : seulement si elle n'est pas en place.",
    "   - Choix multiple : une colonne Oui/Non par option.",
    "   - « Non applicable » demande toujours une raison courte dans la colonne « Raison ».",
    "   - Une ligne dont la colonne « Condition » n'est pas remplie n'est pas demandée : laissez-la vide.",
    "3. Feuille des démarches (inventaire), s'il y en a une : une ligne par démarche.",
    "",
    "Règles importantes",
    "- Aucun patient, résident ou personne accompagnée ne doit pouvoir être identifié : pas de nom, pas de date",
    "  de naissance, pas de numéro de chambre ni de détail permettant de reconnaître quelqu'un, y compris dans les commentaires.",
    "- Ne renommez, ne supprimez et n'ajoutez aucune feuille ; ne modifiez pas les colonnes grisées ; ne fusionnez pas de cellules.",
    "- Ne saisissez pas de formule dans les cellules de réponse.",
    "- Enregistrez au format Excel (.xlsx), sans macro et sans mot de passe d'ouverture.",
    "",
    "À l'import",
    "Le fichier est entièrement vérifié avant tout enregistrement. S'il contient une erreur, rien n'est enregistré",
    "et la liste des erreurs indique, pour chacune, la feuille et la cellule, la valeur trouvée et la valeur attendue.",
    "Les cellules vides ne modifient pas les réponses déjà saisies en ligne.",
]

INSTRUCTIONS_EN = [
    "",
    "In English: fill in only the yellow cells, using the drop-down lists; give the site's FINESS ET on the",
    "'Identité' sheet; 'not applicable' needs a reason; never write anything that could identify a patient;",
    "do not rename, add or delete sheets, edit grey columns, merge cells or type formulas; save as .xlsx.",
]


def words(lang: str) -> dict[str, str]:
    return WORDS["en" if lang == "en" else "fr"]
