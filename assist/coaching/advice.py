"""For the weakest criteria of a report: one concrete suggestion and that message rewritten.

Rewrites are made by rules from the message itself (add the greeting, swap the robotic phrase, cut the
blaming words, split the long sentence, ask for the identity check first), in the customer's language,
so they never invent a fact. Criteria about timing or content (responsiveness, solution) get a suggestion
without a rewrite: no rule can write the missing answer.
"""

from __future__ import annotations

import re

from assist.base.text import GREETINGS
from assist.coaching import lexicon
from assist.coaching.side import Side
from assist.coaching.verdict import Verdict

WEAKEST = 3  # suggestions per report

_EMPATHY = {"en": "I'm sorry about this, and I'm on it.", "es": "Siento mucho lo ocurrido; me ocupo ahora mismo.",
            "fr": "Je suis désolé pour ce souci, je m'en occupe.", "de": "Das tut mir leid, ich kümmere mich darum."}
_CLOSING = {"en": "Is there anything else I can help you with?", "es": "¿Hay algo más en lo que pueda ayudarte?",
            "fr": "Puis-je vous aider pour autre chose ?", "de": "Kann ich Ihnen sonst noch helfen?"}
_VERIFY = {"en": "Before I make this change, I need to verify your identity: could you confirm the email address "
                 "on the account and the last 4 digits of the card on file?",
           "es": "Antes de hacer este cambio necesito verificar tu identidad: ¿puedes confirmar el correo de la cuenta "
                 "y los últimos 4 dígitos de la tarjeta registrada?",
           "fr": "Avant de faire ce changement, je dois vérifier votre identité : pouvez-vous confirmer "
                 "l'adresse e-mail du compte et les 4 derniers chiffres de la carte enregistrée ?",
           "de": "Bevor ich das ändere, muss ich Ihre Identität bestätigen: Können Sie die E-Mail-Adresse des Kontos "
                 "und die letzten 4 Ziffern der hinterlegten Karte bestätigen?"}
_CHECK_WITH_LEAD = {"en": "I'll check this with my team lead and come back to you.",
                    "es": "Lo consulto con mi responsable y te respondo enseguida.",
                    "fr": "Je vérifie avec mon responsable et je reviens vers vous.",
                    "de": "Ich kläre das mit meiner Teamleitung und melde mich gleich."}
_PLAIN = {"i apologize for the inconvenience": "I'm sorry about this", "dear valued customer": "Hi",
          "we regret to inform you": "I'm sorry to say", "please be advised": "Just so you know",
          "as per our policy": "Our policy is that", "your call is important to us": "",
          "thank you for your patience and understanding": "Thanks for bearing with me"}

SUGGESTIONS: dict[str, str] = {
    "greeting": "Open with a greeting and the customer's name.",
    "empathy": "Acknowledge the problem in your own words before solving it.",
    "comprehension": "Use what the customer already gave instead of asking again, and answer what they asked.",
    "solution": "Say what you did, or what happens next and when.",
    "accuracy": "Stay within the hard rules and the help centre: {detail}",
    "procedure": "{detail} — do it before the action, every time.",
    "voice": "Say it in your own words instead of “{detail}”.",
    "tone": "Leave out “{detail}”: explain calmly instead.",
    "readability": "Split long sentences: one idea per sentence.",
    "closing": "End with an offer of more help or a goodbye.",
    "responsiveness": "Reply within the channel's target; if you need time, say so first.",
}


def _lang(side: Side) -> str:
    return side.language if side.language in _CLOSING else "en"


def _rewrite(criterion_id: str, verdict: Verdict, side: Side) -> str:
    if verdict.target < 0:
        return ""
    text = side.text(verdict.target).strip()
    lang = _lang(side)
    if criterion_id == "greeting":
        return f"{GREETINGS.get(lang, GREETINGS['en']).format(name=side.first_name).replace(' ,', ',')} {text}"
    if criterion_id == "empathy":
        # After the greeting, if the message opens with one: "Hi Sofia, I'm Mei. <empathy> ..."
        opener = re.match(r"[^.!?]{0,60}[.!?]\s+", text)
        if opener and lexicon.find(lexicon.GREETING, opener.group(0)):
            return f"{opener.group(0)}{_EMPATHY[lang]} {text[opener.end():]}"
        return f"{_EMPATHY[lang]} {text}"
    if criterion_id == "closing":
        return f"{text} {_CLOSING[lang]}"
    if criterion_id == "procedure":
        return _VERIFY[lang]
    if criterion_id in ("voice", "tone") and verdict.detail:
        plain = _PLAIN.get(verdict.detail.lower(), "") if criterion_id == "voice" else ""
        cut = lexicon.regex((verdict.detail,)).sub(plain, text, count=1)
        return _tidy(cut)
    if criterion_id == "accuracy" and verdict.evidence:
        bad = verdict.evidence[0].quote
        for sentence in re.split(r"(?<=[.!?])\s+", text):
            if bad in sentence:
                return _tidy(text.replace(sentence, _CHECK_WITH_LEAD[lang], 1))
    if criterion_id == "readability":
        return _tidy(re.sub(r",\s+(and|but|so|because)\s+", lambda m: f". {m.group(1).capitalize()} ", text))
    if criterion_id == "comprehension" and verdict.evidence and verdict.evidence[0].message_index == verdict.target:
        return _tidy(text.replace(verdict.evidence[0].quote, "", 1)) or ""
    return ""


def _tidy(text: str) -> str:
    text = re.sub(r"\s{2,}", " ", text).strip()
    text = re.sub(r"^[,.;:]\s*", "", text)
    return text[:1].upper() + text[1:]


def advise(criterion_id: str, verdict: Verdict, side: Side) -> tuple[str, str]:
    """(suggestion, rewrite) for one weak criterion."""
    template = SUGGESTIONS.get(criterion_id, "Look at the evidence and do the opposite next time.")
    detail = verdict.detail or verdict.reason
    return template.format(detail=detail), _rewrite(criterion_id, verdict, side)
