"""The composed reply's frame words per language (compose.py): thanks, sorry, hurt, source, foreign, steps, more,
no_answer, and the closes (reply/closing.py); the playbook's [voice.phrases.<lang>] may word any of them its own way."""

from __future__ import annotations

from assist.analysis.injury import ACKNOWLEDGEMENT

# domain/playbook.PHRASE_NAMES names them.
PHRASES: dict[str, dict[str, str]] = {
    "en": {"thanks": "Thanks for getting in touch.", "sorry": "I'm sorry about the trouble.",
           "hurt": ACKNOWLEDGEMENT["en"],
           "source": "You'll find the details in our help-centre article \"{title}\".",
           "foreign": "(This is from our {language} help centre.)",
           "steps": "Here's how:", "more": "Is there anything else I can help you with?",
           "no_answer": "I want to give you the right answer, so I'm checking this with the team and will get "
                        "back to you shortly.",
           "closing": "You're very welcome, I'm glad that's sorted.",
           "closing_waiting": "You're welcome. I'll be in touch as soon as I have an update.",
           "closing_sorry": "Thanks for letting me know, and I'm sorry it took longer than it should have."},
    "es": {"thanks": "Gracias por escribirnos.", "sorry": "Siento mucho las molestias.",
           "hurt": ACKNOWLEDGEMENT["es"],
           "source": "Encontrarás los detalles en nuestro artículo de ayuda \"{title}\".",
           "foreign": "(Esta información es de nuestro centro de ayuda en {language}.)",
           "steps": "Así es como:", "more": "¿Hay algo más en lo que pueda ayudarte?",
           "no_answer": "Quiero darte la respuesta correcta, así que lo estoy consultando con el equipo y te "
                        "respondo en breve.",
           "closing": "¡De nada! Me alegra que esté resuelto.",
           "closing_waiting": "De nada. Te escribo en cuanto tenga novedades.",
           "closing_sorry": "Gracias por avisarme, y siento que haya tardado más de lo debido."},
    "fr": {"thanks": "Merci de nous avoir écrit.", "sorry": "Je suis désolé pour ce désagrément.",
           "hurt": ACKNOWLEDGEMENT["fr"],
           "source": "Vous trouverez les détails dans notre article d'aide « {title} ».",
           "foreign": "(Cette information vient de notre centre d'aide en {language}.)",
           "steps": "Voici comment faire :", "more": "Puis-je vous aider pour autre chose ?",
           "no_answer": "Je veux vous donner la bonne réponse : je vérifie avec l'équipe et je reviens vers "
                        "vous très vite.",
           "closing": "Avec plaisir, je suis ravi que ce soit réglé.",
           "closing_waiting": "Avec plaisir. Je reviens vers vous dès que j'ai du nouveau.",
           "closing_sorry": "Merci de me l'avoir dit, et désolé que cela ait pris plus de temps que prévu."},
    "de": {"thanks": "Danke für Ihre Nachricht.", "sorry": "Das tut mir leid.",
           "hurt": ACKNOWLEDGEMENT["de"],
           "source": "Die Details finden Sie in unserem Hilfeartikel „{title}“.",
           "foreign": "(Diese Information stammt aus unserem Hilfe-Center auf {language}.)",
           "steps": "So geht's:", "more": "Kann ich Ihnen sonst noch helfen?",
           "no_answer": "Ich möchte Ihnen die richtige Antwort geben und kläre das deshalb mit dem Team; Sie "
                        "hören in Kürze von mir.",
           "closing": "Gern geschehen, schön, dass es geklappt hat.",
           "closing_waiting": "Gern geschehen. Ich melde mich, sobald ich Neuigkeiten habe.",
           "closing_sorry": "Danke für die Rückmeldung, und es tut mir leid, dass es länger gedauert hat als nötig."},
}
LANGUAGE_NAMES = {"en": {"en": "English", "es": "inglés", "fr": "anglais", "de": "Englisch"}}
