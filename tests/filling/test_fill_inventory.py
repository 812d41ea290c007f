"""The initiative inventory on the fill page: declared against derived degree, live."""

from fill_support import fill_app, fresh_invitation, join


def _open_inventory(demo_db_url, monkeypatch):
    code, _ = fresh_invitation(demo_db_url)
    at = join(fill_app(demo_db_url, monkeypatch), code)
    at.radio(key="fill_questionnaire_choice").set_value("initiative-inventory").run()
    next(b for b in at.button if b.label.startswith("Commencer")).click().run()
    assert not at.exception, at.exception
    return at


def _text(at, label):
    return next(w for w in at.text_input if w.label == label)


def _radio(at, item_id):
    return next(r for r in at.radio if r.key and r.key.endswith(f":{item_id}:main"))


def test_an_over_declared_initiative_is_named_in_plain_words(demo_db_url, monkeypatch):
    at = _open_inventory(demo_db_url, monkeypatch)
    assert any("Aucune initiative" in i.value for i in at.info)
    _text(at, "Intitulé de l'initiative").input("Comité des usagers du service")
    _text(at, "Codéclarée par (patient partenaire de l'initiative)").input("M. Martin")
    next(b for b in at.button if b.label == "Ajouter l'initiative").click().run()
    assert not at.exception
    assert any("Comité des usagers du service" in e.label for e in at.expander)
    _radio(at, "initiative.declared_degree").set_value("partnership").run()
    _radio(at, "initiative.power.asked_opinion").set_value("yes").run()
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Degré déclaré"] == "Partenariat / co-construction"
    assert metrics["Degré déduit des pratiques"] == "Consultation"
    warning = " ".join(w.value for w in at.warning)
    assert "Déclarée « partenariat / co-construction »" in warning and "consultation" in warning
    # The power descriptors, not the conditions, decide: answering the partnership rule makes it partnership.
    for item in ("initiative.power.chose_question", "initiative.power.present_at_decisions",
                 "initiative.power.co_led"):
        _radio(at, item).set_value("yes").run()
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Degré déduit des pratiques"] == "Partenariat / co-construction"
    assert not at.warning


def test_conditions_never_raise_the_degree(demo_db_url, monkeypatch):
    at = _open_inventory(demo_db_url, monkeypatch)
    _text(at, "Intitulé de l'initiative").input("Atelier d'éducation thérapeutique")
    next(b for b in at.button if b.label == "Ajouter l'initiative").click().run()
    _radio(at, "initiative.power.asked_opinion").set_value("yes").run()
    for item in ("initiative.condition.trained", "initiative.condition.paid", "initiative.condition.supervised"):
        _radio(at, item).set_value("yes").run()
    assert {m.label: m.value for m in at.metric}["Degré déduit des pratiques"] == "Consultation"


def test_an_initiative_can_be_removed_after_a_confirmation(demo_db_url, monkeypatch):
    at = _open_inventory(demo_db_url, monkeypatch)
    for title in ("Comité éthique", "Journée des usagers"):
        _text(at, "Intitulé de l'initiative").input(title)
        next(b for b in at.button if b.label == "Ajouter l'initiative").click().run()
    assert [e.label for e in at.expander if e.label.startswith("Initiative")] == [
        "Initiative 1 : Comité éthique", "Initiative 2 : Journée des usagers"]
    at.button(key=next(b.key for b in at.button if b.label == "Retirer cette initiative")).click().run()
    assert any("Retirer cette initiative et toutes ses réponses" in w.value for w in at.warning)
    next(b for b in at.button if b.label == "Oui, la retirer").click().run()
    assert not at.exception
    assert [e.label for e in at.expander if e.label.startswith("Initiative")] == ["Initiative 2 : Journée des usagers"]
