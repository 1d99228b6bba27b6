"""The composed reply to how customers really ask: a follow-up that leans on the turn before, a story that
says which case applies, a second sentence that carries the answer on, a list that runs past its line."""

from __future__ import annotations

import pytest

from assist.base.vocab import Origin
from assist.domain.conversation import Conversation, from_dict
from assist.knowledge.query_words import expanded
from assist.knowledge.retrieval import Retriever
from assist.reply.compose import _context, compose
from assist.reply.passage_units import passage_units as _units
from assist.workspace.workspace import Workspace


def chat(*turns: tuple[str, str], language: str = "en") -> Conversation:
    return from_dict({"id": "t", "channel": "chat", "subject": "", "customer": {"name": "Dana Ruiz",
                      "language": language}, "messages": [{"role": r, "text": t} for r, t in turns]})


def _compose(ws: Workspace, conversation: Conversation):
    return compose(conversation, ws.store, ws.playbook(), agent_name="Sam Lee", retriever=Retriever(ws.store))


def test_a_follow_up_after_the_agents_reply_keeps_the_earlier_topic(demo: Workspace) -> None:
    made = _compose(demo, chat(("customer", "Please cancel my order, it hasn't shipped"),
                               ("agent", "Done, you'll get a confirmation email."),
                               ("customer", "great. and when will I see my money back?")))
    assert made.origin == Origin.HELP_CENTRE
    assert made.retrieved[0] in ("kb-cancel-order", "kb-refunds")
    assert "5-10 business days" in made.answer


def test_the_storys_own_values_are_not_what_it_is_about() -> None:
    conversation = chat(("customer", "I ordered a lamp an hour ago. Can I cancel it?"))
    assert "hour" not in _context(conversation, "Can I cancel it?", "en")


def test_the_story_picks_the_case_that_applies(demo: Workspace) -> None:
    made = _compose(demo, chat(("customer", "I changed my mind about a rug and I'm sending it back. "
                                            "Will the shipping fee be refunded?")))
    assert "change-of-mind" in made.answer


def test_a_sentence_that_carries_on_comes_with_the_one_before(demo: Workspace) -> None:
    made = _compose(demo, chat(("customer", "My return arrived at your warehouse. When will the refund show "
                                            "on my statement?")))
    assert "5-10 business days" in made.answer


def test_a_list_that_runs_past_its_line_keeps_every_item(demo: Workspace) -> None:
    after = next(p for p in Retriever(demo.store).passages_of("kb-cancel-order") if p.heading == "After it ships")
    units = _units(after)
    # Options chained with "or" stay one sentence: "you can: refuse the delivery, ..., or return it ...".
    assert any("refuse the delivery" in u and u.endswith("within 30 days of delivery.") for u in units), units
    assert not any(u.endswith(", or.") for u in units)


def test_can_i_is_answered_by_you_can(demo: Workspace) -> None:
    made = _compose(demo, chat(("customer", "Hola, ¿puedo cancelar mi pedido?"), language="es"))
    assert made.answer.startswith("Puedes cancelar un pedido")


def test_how_lnog_still_asks_for_a_span(demo: Workspace) -> None:
    made = _compose(demo, chat(("customer", "how lnog does standard shiping take inside the US?")))
    assert made.citations[:1] == ["kb-delivery-delays"] and "3-5 business days" in made.answer


def test_still_asks_whether_the_time_limit_has_passed(demo: Workspace) -> None:
    made = _compose(demo, chat(("customer", "My kettle stopped heating."), ("customer", "Is it still under warranty?")))
    assert made.citations[:1] == ["kb-warranty"] and "years" in made.answer, made.answer


def test_the_sections_heading_says_what_its_sentences_answer(demo: Workspace) -> None:
    # "Wait 48 hours: carriers sometimes scan parcels as delivered early" is under the heading that names
    # the problem; the status list's "Delivered: the carrier has marked it as delivered" only repeats it.
    made = _compose(demo, chat(("customer", "My tracking shows delivered but the parcel isn't here.")))
    assert "48 hours" in made.answer, made.answer


def test_how_long_a_link_lasts_is_how_long_it_is_valid(demo: Workspace) -> None:
    made = _compose(demo, chat(("customer", "I asked for a password reset link. How long does it last?")))
    assert "1 hour" in made.answer, made.answer


def test_the_story_in_the_same_message_says_which_article(demo: Workspace) -> None:
    # "do I have to send it back?" alone is a return; the sentence before it says the vase came broken.
    made = _compose(demo, chat(("customer", "My glass bowl arrived shattered. Do I have to send the pieces back?")))
    assert made.citations[:1] == ["kb-damaged-items"], made.citations


def test_already_shipped_picks_the_section_for_after_it_ships(demo: Workspace) -> None:
    made = _compose(demo, chat(("customer", "The order has already shipped and the address is wrong. Can you fix it?")))
    assert made.citations[:1] == ["kb-change-shipping-address"] and "redirect" in made.answer, made.answer


def test_how_do_i_is_answered_with_the_steps_of_the_section_that_says_how(demo: Workspace) -> None:
    made = _compose(demo, chat(("customer", "How do I make a warranty claim?")))
    assert made.citations[:1] == ["kb-warranty"]
    assert "Contact us with your order number" in made.text and "Describe the fault" in made.text, made.text


def test_a_sentence_that_introduced_steps_ends_as_a_sentence(demo: Workspace) -> None:
    made = _compose(demo, chat(("customer", "Can I cancel my order? I only placed it an hour ago.")))
    assert "Processing." in made.answer and "Processing:" not in made.text, made.answer


def test_a_greeting_first_is_not_what_the_chat_is_about(demo: Workspace) -> None:
    made = _compose(demo, chat(("customer", "hello"), ("bot", "Hi! How can I help?"),
                               ("customer", "My order already went out to my old address. Can you send it "
                                            "somewhere else?")))
    assert made.citations and made.citations[0] == "kb-change-shipping-address", made.retrieved


def test_the_articles_own_question_says_which_case_the_next_sentence_answers(demo: Workspace) -> None:
    made = _compose(demo, chat(("customer", "I bought as a guest, how do I get the return label?")))
    assert "order number" in made.answer, made.answer


def test_each_part_of_a_two_part_ask_gets_its_own_sentence(demo: Workspace) -> None:
    made = _compose(demo, chat(("customer", "I ordered a lamp an hour ago. Can I still cancel it, and how long "
                                            "until the money is back?")))
    assert "refuse the delivery" in made.answer and "5-10 business days" in made.answer, made.answer


def test_too_late_asks_about_the_time_limit_not_a_late_parcel(demo: Workspace) -> None:
    made = _compose(demo, chat(("customer", "Is it too late to return a coat I got 5 weeks ago?")))
    assert made.citations[0] == "kb-returns" and "30 days" in made.answer, made.answer


def test_a_list_item_under_what_we_cant_says_so(demo: Workspace) -> None:
    made = _compose(demo, chat(("customer", "Can I return a bread knife I've used once?")))
    assert made.answer.startswith("We can't take back opened personal-care items and kitchen knives"), made.answer


def test_what_can_i_do_asks_for_the_options_not_whether(demo: Workspace) -> None:
    made = _compose(demo, chat(("customer", "I tried to swap my jacket for a larger size but it's sold out and out "
                                            "of stock. What can I do?")))
    assert "return and refund" in made.answer, made.answer


def test_it_came_late_is_answered_with_what_we_do_about_a_late_order(demo: Workspace) -> None:
    made = _compose(demo, chat(("customer", "my kettle from order 5120 came 4 days late")))
    assert "refund the express shipping fee" in made.answer, made.answer


def test_what_does_that_mean_asks_about_the_bots_last_words(demo: Workspace) -> None:
    made = _compose(demo, chat(("customer", "where is my parcel"), ("bot", "Could you share your order number?"),
                               ("customer", "NW-55120"), ("bot", "Thanks! It shows Label created."),
                               ("customer", "what does that even mean? its been like that all day")))
    assert "24 hours" in made.answer, made.answer


def test_a_count_in_words_stays_in_the_story(demo: Workspace) -> None:
    made = _compose(demo, chat(("customer", "My statement shows two payments for the same order. Could you look "
                                            "into this please?")))
    assert made.citations[0] == "kb-billing-double-charges", made.retrieved


def test_someone_hurt_is_acknowledged_and_answered_with_safety_first(demo: Workspace) -> None:
    made = _compose(demo, chat(("customer", "The glass jug shattered and my daughter cut her hand on it. What should "
                                            "I do?")))
    assert "I'm so sorry you were hurt" in made.text and "stop using it" in made.answer, made.text
    es = _compose(demo, chat(("customer", "La tetera me dio una descarga y me quemé la mano."), language="es"))
    assert "Siento mucho que te hayas hecho daño" in es.text, es.text


def test_a_shock_at_the_price_is_not_an_injury(demo: Workspace) -> None:
    made = _compose(demo, chat(("customer", "What a shock, the express fee is so high. How much is it?")))
    assert "hurt" not in made.text, made.text


def test_the_exception_that_names_what_the_customer_has_comes_with_the_rule(demo: Workspace) -> None:
    made = _compose(demo, chat(("customer", "We opened the mattress and slept on it one night, it's too firm. "
                                            "Can we still send it back?")))
    assert made.retrieved[0] == "kb-returns"
    assert "unsealed" in made.answer and "30 days" in made.answer


def test_a_common_word_does_not_bring_an_exception(demo: Workspace) -> None:
    made = _compose(demo, chat(("customer", "My kettle stopped working, is it under warranty?"),
                               ("agent", "When was it delivered?"),
                               ("customer", "about 14 months ago. is that still covered?")))
    assert "Not covered" not in made.answer


def test_an_exception_in_a_translation_comes_with_its_heading(demo: Workspace) -> None:
    made = _compose(demo, chat(("customer", "Ich habe das Messer einmal benutzt, es gefällt mir nicht. "
                                            "Kann ich es trotzdem zurückschicken?"), language="de"))
    assert made.retrieved[0] == "kb-returns-de"
    assert "Was wir nicht zurücknehmen können: Geöffnete Körperpflegeartikel und benutzte Küchenmesser" in made.answer
    # The heading's own words name no case: a refund question does not bring the returns exceptions.
    es = _compose(demo, chat(("customer", "Devolví unas zapatillas y ya aceptaron la devolución. ¿Cuántos días "
                                          "tarda en llegar el dinero?"), language="es"))
    assert "Lo que no podemos aceptar" not in es.answer, es.answer


def test_mailing_the_pieces_back_keeps_the_pieces(demo: Workspace) -> None:
    # "mail ... back" is a return, and what is sent ("the broken bits") still says which article.
    made = _compose(demo, chat(("customer", "The serving bowl came today in like 6 pieces. do i have to mail the "
                                            "broken bits back to get a new one?")))
    assert made.citations[:1] == ["kb-damaged-items"] and "don't need to return" in made.answer, made.text


def test_our_reply_says_what_a_follow_up_is_about(demo: Workspace) -> None:
    # The first turn names the product ("Fjord linen duvet cover", a care heading); the agent's reply says it
    # is an exchange, and the follow-up asks about the exchange.
    made = _compose(demo, chat(("customer", "I ordered the Fjord linen duvet cover in double by mistake, I need "
                                            "the king size"),
                               ("agent", "Hi Priya, no problem at all! You can swap it for the king from Orders > "
                                         "Exchange next to the item. Anything else I can help with?"),
                               ("customer", "great thanks. Do I have to wait until you get the double back before "
                                            "the king gets sent out?")))
    assert made.citations[:1] == ["kb-exchanges"] and "scanned by the carrier" in made.answer, made.text


def test_not_the_colour_i_pictured_is_a_change_of_mind(demo: Workspace) -> None:
    made = _compose(demo, chat(("customer", "The rug is fine, it's just not the colour I pictured. If I send it back, "
                                            "will I also get the $25 I paid for shipping refunded?")))
    assert made.citations[:1] == ["kb-refunds"] and "change-of-mind" in made.answer, made.text
    # "I don't want it anymore" before a cancel is not a return's change of mind.
    cancel = _compose(demo, chat(("customer", "It already shipped but I don't want it anymore. Can I still cancel?")))
    assert "refuse the delivery" in cancel.answer, cancel.text


def test_sparks_go_to_the_safety_article_whatever_product_the_story_names(demo: Workspace) -> None:
    # "Aurora air purifier" is a heading of the care article; a spark and a burning smell are a safety matter.
    made = _compose(demo, chat(("customer", "Last night the Aurora air purifier made a popping sound, there was a "
                                            "burning smell and I saw a spark near the plug. Nobody is hurt. What "
                                            "happens next, will someone look into it?")))
    assert made.citations[:1] == ["kb-product-safety"], made.citations
    # What to do first comes first.
    assert made.answer.index("stop using it") < made.answer.index("1 business day"), made.answer


def test_what_now_after_the_story_gets_the_found_sections_steps(demo: Workspace) -> None:
    made = _compose(demo, chat(("customer", "Tracking says Delivered at 2pm today but theres nothing at my door or in "
                                            "the mailroom. What now??")))
    assert "Wait 48 hours" in made.text, made.text
    # ... and never the steps of another section: sold out, the exchange steps do not help.
    oos = _compose(demo, chat(("customer", "I want to exchange my jumper for a medium but medium is sold out. "
                                           "What now?")))
    assert "Select Exchange" not in oos.text, oos.text


def test_the_story_picks_among_the_articles_that_answer_the_question(demo: Workspace) -> None:
    made = _compose(demo, chat(("customer", "I got four Northwind gift cards for my birthday (two $25 and two $50) "
                                            "and I want to put them all towards a bookshelf. Can I use all 4 on one "
                                            "order?")))
    assert made.citations[:1] == ["kb-gift-cards"] and "up to 3" in made.answer, made.text
    # A story word that answers nothing asked ("a blender ... as a gift") does not pick the article.
    letter = _compose(demo, chat(("customer", "Dear Northwind team,\n\nI recently ordered a blender for my mother as "
                                              "a gift and I would like to cancel it because she already bought one. "
                                              "How can I cancel it?\n\nKind regards,\nMargaret")))
    assert letter.citations[:1] == ["kb-cancel-order"], letter.citations


def test_already_shipped_in_german_is_the_section_after_shipping(demo: Workspace) -> None:
    # "Guten Tag" says nothing ("Tag" would meet "Tage"), "geht das" asks nothing, "schon verschickt" is after.
    made = _compose(demo, chat(("customer", "Guten Tag, ich würde meine Bestellung gerne stornieren, aber laut "
                                            "Sendungsverfolgung ist sie gestern schon verschickt worden. Geht das "
                                            "noch irgendwie?"), language="de"))
    assert "Annahme verweigern" in made.answer, made.answer


def test_my_guests_are_people_not_a_guest_checkout(demo: Workspace) -> None:
    # The demo's c-1004, as the handoff leaves it.
    made = _compose(demo, chat(("customer", "Hello, I'd like to exchange the linen duvet cover from order #NW-21877. "
                                            "I ordered King but I need Queen."),
                               ("bot", "Happy to help with an exchange! Items can be exchanged within 30 days of "
                                       "delivery. I can email a prepaid return label to helen.okafor@example.com."),
                               ("customer", "That would be lovely. Is the Queen available in Sage? It was delivered "
                                            "on November 12, and I'd like the new one before my guests arrive on the "
                                            "28th if possible.")))
    assert made.citations[:1] == ["kb-exchanges"] and "guest" not in made.answer, made.text


def test_words_of_other_languages_reach_the_english_only_articles(demo: Workspace) -> None:
    made = _compose(demo, chat(("customer", "Ich hab den Leinen-Bettbezug bekommen. Wie heiss darf ich den waschen und "
                                            "darf der in den Trockner?"), language="de"))
    assert "40°C" in made.answer, made.text
    # "trop ferme" is firm, not closing an account; "le renvoyer" is a return.
    fr = _compose(demo, chat(("customer", "J'ai dormi sur le matelas quelques nuits, mais il est beaucoup trop ferme. "
                                          "Je peux encore le renvoyer ?"), language="fr"))
    assert fr.citations[:1] == ["kb-returns-fr"], fr.citations


def test_an_upset_double_charge_is_answered_whole(demo: Workspace) -> None:
    # "Seriously??" and "I don't care which is which" ask nothing; "taken ... TWICE" is a double charge; the
    # sentence that goes on with "then" comes with the one before it.
    made = _compose(demo, chat(("customer", "Seriously?? you've taken $212.40 from me TWICE for the same order. One "
                                            "of them says pending and the other doesn't, honestly I don't care which "
                                            "is which. When am I getting it back??")))
    assert made.citations[:1] == ["kb-billing-double-charges"], made.citations
    assert "your bank holds the amount" in made.answer and "3-5 business days" in made.answer, made.answer


def test_an_e_gift_card_sent_to_a_mistyped_email(demo: Workspace) -> None:
    made = _compose(demo, chat(("customer", "I bought an e-gift card last night for my sisters birthday and I think I "
                                            "typed her email wrong. She hasnt got anything. Is it too late to fix that "
                                            "or is the money just gone?")))
    assert made.citations[:1] == ["kb-gift-cards"] and "24 hours" in made.answer, made.text
    # A password typed wrong is not a gift's address.
    assert "recipient" not in expanded("I typed my password wrong too many times", "en")


def test_a_cut_on_the_wrist_is_someone_hurt(demo: Workspace) -> None:
    made = _compose(demo, chat(("customer", "The glass jug on my blender shattered while it was running and I've got "
                                            "a cut on my wrist. What happens now?")))
    assert made.text.index("I'm so sorry you were hurt") < made.text.index("stop using it"), made.text
    assert made.citations[:1] == ["kb-product-safety"], made.citations


# One chat, one fact the answer must state: each case a phrasing that once missed it.
@pytest.mark.parametrize(("text", "language", "fact"), [
    # A label a week and more old: the week to drop it off.
    ("I started a return and the label got emailed to me on the 18th. It's the 29th now. Is that label still ok to "
     "use?", "en", "within a week"),
    # A warning before the driver turns up: the text 30 minutes away.
    ("I ordered same-day delivery. The buzzer is broken. Do I get any kind of warning before they turn up?", "en",
     "30 minutes away"),
    # "What time" asks for a time; its word must not meet "11:00 local time"; "at work" is where the customer is.
    ("I ordered same-day. What time will the driver come?", "en", "16:00 and 21:00"),
    ("I ordered same-day. I'm at work till 3, what time do I need to be home for it?", "en", "16:00 and 21:00"),
    # "Tracking says it shipped" is after it ships: the redirect, not "enter the new address".
    ("I forgot to update the address on my order. Tracking says it shipped yesterday. Can you change it to the new "
     "place?", "en", "redirect"),
    # "check them" of a return that arrived is when we inspect it.
    ("Your warehouse got my returned boots on Monday. When will you check them and process it?", "en",
     "2 business days"),
    # "spent" is spend, "count against" the VIP article's "minus refunds".
    ("By my count I've spent about $5,400 with you, but I did send back a sofa that was $900. I still haven't had any "
     "VIP email. Does that return count against me?", "en", "minus refunds"),
    # A password typed wrong too often is the lock, not the 5-minute wait for an email.
    ("I typed my password wrong too many times. How long must I wait?", "en", "30 minutes"),
    # A gift swapped without the buyer knowing: the gift receipt.
    ("I got a wool throw as a birthday present and I'd love it in grey, but I don't want her finding out I swapped "
     "it. There was a little slip in the box with a number on it. How do I do this?", "en", "gift receipt number"),
    # "cuanto tiempo dura" without its accent asks how long the link is valid.
    ("pedí el enlace para restablecer la contraseña anoche y ya no es válido. ¿cuanto tiempo dura el enlace?", "es",
     "1 hora"),
    # A code the customer names picks its sentence, in an English-only article too.
    ("hola tengo el codigo FREESHIP y no me deja aplicarlo, el carrito esta en 46 dolares. porque no funciona??", "es",
     "$50"),
    ("Les quité el plástico a las sábanas para ver el color, pero no pegan. ¿Las puedo devolver?", "es",
     "desprecintados"),
    ("Le suivi dit « Livré » aujourd'hui mais j'ai rien reçu !! je fais quoi là ?", "fr", "48 heures"),
    ("Ich habe gestern einen Link zum Zurücksetzen vom Passwort angefordert, jetzt steht da, dass der Link ungültig "
     "ist. Mach ich was falsch?", "de", "1 Stunde"),
    ("Der Teppich passt farblich doch nicht ins Wohnzimmer. Ich schicke ihn zurück. Bekomme ich dann auch die 19,95 € "
     "fürs Liefern wieder?", "de", "Versandkosten nicht erstattet"),
    # Import charges at the door, in each language.
    ("Mein Paket hängt beim Zoll fest und ich soll 38 € Einfuhrabgaben zahlen. Muss ich das wirklich bezahlen?",
     "de", "bevor Sie zahlen"),
    ("Mi paquete está en la aduana y me piden 40 € de impuestos de importación. ¿Tengo que pagarlos?", "es",
     "antes de pagar"),
    ("Mon colis est bloqué et on me demande 30 € de taxes d'importation. Dois-je vraiment payer ?", "fr",
     "avant de payer"),
])
def test_the_answer_states_the_fact(demo: Workspace, text: str, language: str, fact: str) -> None:
    made = _compose(demo, chat(("customer", text), language=language))
    assert fact in made.text, made.text


def test_a_weak_english_side_does_not_outrank_the_translation(demo: Workspace) -> None:
    # Only "pedido" reaches the English articles through the glossary: "Closing your account" (untranslated)
    # must not outrank the Spanish "Cancelar un pedido" that meets the question's own words.
    made = _compose(demo, chat(("customer", "Hice un pedido con una alfombra, dos cojines y una lámpara. ¿Cómo quito "
                                            "solo los cojines sin anular todo el pedido?"), language="es"))
    assert made.citations[:1] == ["kb-cancel-order-es"] and "Cancelar artículos" in made.answer, made.text


@pytest.mark.parametrize(("text", "language"), [
    ("El cargador echa humo y se derritió un poco. ¿Qué hago?", "es"),
    ("Il y a de la fumée qui sort de la bouilloire. Que dois-je faire ?", "fr"),
    ("Aus dem Wasserkocher kommen Funken. Was soll ich tun?", "de")])
def test_a_hazard_in_another_language_finds_the_english_safety_article(demo: Workspace, text: str,
                                                                       language: str) -> None:
    made = _compose(demo, chat(("customer", text), language=language))
    assert made.citations[:1] == ["kb-product-safety"], made.citations
    assert "stop using it" in made.answer, made.text
