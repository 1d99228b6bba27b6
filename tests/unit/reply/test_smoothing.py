"""The model only rewords the composed help-centre reply, and its rewording is kept only when every fact
survives: otherwise no card, and the composed reply stands."""

from __future__ import annotations

from assist.base.vocab import Origin, RewriteAction
from assist.domain.conversation import Conversation, from_dict
from assist.llm.engines.fake import FakeEngine
from assist.reply import smoothing
from assist.reply.suggest import Suggester
from assist.workspace.workspace import Workspace


def chat(text: str, language: str = "en") -> Conversation:
    return from_dict({"id": "t-smooth", "channel": "chat", "subject": "",
                      "customer": {"name": "Dana Ruiz", "language": language},
                      "messages": [{"role": "customer", "text": text}]})


def suggester(ws: Workspace) -> Suggester:
    return Suggester(ws.store, ws.playbook, agent_name="Sam Lee", compose_first=True, use_examples=False,
                     smooth=True)


def composed_text(ws: Workspace, conversation: Conversation) -> str:
    return suggester(ws).composed(conversation, record=False)[0].text


def test_a_rewording_that_keeps_every_fact_is_shown_as_its_own_card(demo: Workspace) -> None:
    conversation = chat("How long do I have to return a jacket?")
    original = composed_text(demo, conversation)
    assert "30 days" in original
    warmer = original.replace("Thanks for getting in touch.", "Thank you so much for reaching out to us!")
    shown = suggester(demo).suggest_many(conversation, FakeEngine(warmer), count=2, record=False)
    assert [c.origin for c in shown] == [Origin.HELP_CENTRE, Origin.SMOOTHED]
    assert "30 days" in shown[1].text and "reaching out" in shown[1].text
    assert shown[1].prompt_inputs["action"] == RewriteAction.FRIENDLIER and not shown[1].blocked


def test_a_rewording_that_changes_a_fact_is_never_shown(demo: Workspace) -> None:
    conversation = chat("How long do I have to return a jacket?")
    original = composed_text(demo, conversation)
    wrong = original.replace("30 days", "45 days").replace("Thanks for getting in touch.", "Thanks so much!")
    # Both tries (the first and the retry told what was wrong) change the window; then a free model card.
    engine = FakeEngine(replies=[wrong, wrong, "Hi Dana, let me check that for you."])
    shown = suggester(demo).suggest_many(conversation, engine, count=2, record=False)
    assert shown[0].origin == Origin.HELP_CENTRE
    assert all(c.origin != Origin.SMOOTHED for c in shown)
    assert all("45 days" not in c.text for c in shown)


def test_an_english_only_answer_is_translated_for_a_spanish_customer_with_its_values(demo: Workspace) -> None:
    conversation = chat("¿Cuánto dura la garantía de los productos electrónicos?", language="es")
    cards = suggester(demo).composed(conversation, record=False)
    assert cards[0].source_locale == "en" and "2 years" in cards[0].text
    assert smoothing.action_for(cards[0]) == RewriteAction.TRANSLATE
    spanish = ("Hola Dana,\nGracias por escribirnos. Todos los productos de Northwind Goods tienen garantía "
               "contra defectos: 2 años desde la entrega para los productos electrónicos (auriculares, "
               "purificadores de aire, lámparas con electrónica, hervidores, batidoras y otros pequeños "
               "electrodomésticos).\nEncontrarás los detalles en nuestro artículo de ayuda \"Warranty coverage\".\n"
               "(Esta información es de nuestro centro de ayuda en inglés.)\n¿Hay algo más en lo que pueda "
               "ayudarte?\nSam, Northwind Goods")
    # Translation is offered only where the engine can translate (reply/rewrite.translate_unavailable):
    # the built-in model never gets to garble it.
    assert smoothing.smoothed(cards[0], FakeEngine(spanish), conversation, demo.playbook(),
                              sources=cards[0].sources) is None
    server, lossy = FakeEngine(spanish), FakeEngine(spanish.replace("2 años", "dos meses"))
    server.model_id = lossy.model_id = "server:test-model"  # as the company's model server
    made = smoothing.smoothed(cards[0], server, conversation, demo.playbook(), sources=cards[0].sources)
    assert made is not None and made.origin == Origin.SMOOTHED and made.source_locale == "en"
    assert smoothing.smoothed(cards[0], lossy, conversation, demo.playbook(), sources=cards[0].sources) is None


def test_an_honest_no_answer_is_not_reworded(demo: Workspace) -> None:
    conversation = chat("Do you have a shop in Berlin where I can see the sofas?")
    card = suggester(demo).composed(conversation, record=False)[0]
    assert card.origin == Origin.NO_ANSWER and smoothing.action_for(card) is None


def test_rewording_is_off_unless_the_settings_turn_it_on(demo: Workspace) -> None:
    conversation = chat("How long do I have to return a jacket?")
    original = composed_text(demo, conversation)
    warmer = original.replace("Thanks for getting in touch.", "Thank you so much for reaching out to us!")
    plain = Suggester(demo.store, demo.playbook, agent_name="Sam Lee", compose_first=True, use_examples=False)
    shown = plain.suggest_many(conversation, FakeEngine(warmer), count=2, record=False)
    assert [c.origin for c in shown] == [Origin.HELP_CENTRE, Origin.MODEL]


def test_a_rewording_that_greets_someone_else_is_not_shown(demo: Workspace) -> None:
    conversation = chat("How long do I have to return a jacket?")
    original = composed_text(demo, conversation)
    # A small model often greets the agent it sees in the prompt instead of the customer.
    labelled = original.replace("Hi Dana,", "Hi Sam,").replace("Thanks for getting in touch.", "Thanks so much!")
    card = suggester(demo).composed(conversation, record=False)[0]
    assert smoothing.smoothed(card, FakeEngine(labelled), conversation, demo.playbook(),
                              sources=card.sources) is None

