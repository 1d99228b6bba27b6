"""The built-in cue words of the rules in the playbook's four languages (en, es, fr, de), as regex parts.

A playbook names its rules' terms in its own words (applies_to, keywords, destinations); these are what those
acts and places are also called, so a rule written in English still holds for a reply in Spanish, French or
German. A playbook adds its own per language with a rule's `terms = {es = [...], fr = [...]}` table
(`extra_terms`). Stems end in \\w* where every inflection counts.
"""

from __future__ import annotations

from typing import Any

# Offering to send something somewhere.
SHIPPING = (
    r"ship\w*|deliver\w*|send\w*|sent|mail\w*|post|posted|posting|postage|dispatch\w*|export\w*|courier\w*|"
    r"freight|transport\w*|arriv\w*|checkout|on\s+its\s+way|heading|goes|going|"
    r"envi\w*|enví\w*|mand\w*|despach\w*|entreg\w*|llev\w*|sald\w*|"
    r"livr\w*|expédi\w*|expedi\w*|envoi\w*|envoy\w*|achemin\w*|partir\w*|partira|"
    r"versand\w*|versend\w*|versch\w*|verschick\w*|liefer\w*|schick\w*|zustell\w*|zugestellt|geht|gehen"
)
# Saying the destination is off the table after naming it: "shipping to Iran is not possible".
REFUSED_AFTER = (
    r"(?:is|are|was)\s*(?:n['’]t|\s+not)\s+(?:possible|available|allowed|permitted|supported|an\s+option|offered)"
    r"|not\s+possible|impossible|prohibited|restricted|forbidden|banned|embargoed|sanctioned|unavailable|"
    r"no\s+(?:es|está)\s+(?:posible|permitid\w+|disponible)|prohibid\w+|imposible|restringid\w+|"
    r"n['’]est\s+pas\s+(?:possible|autorisé\w*|disponible)|interdit\w*|"
    r"(?:ist|sind)\s+(?:leider\s+)?(?:nicht\s+(?:möglich|erlaubt|verfügbar)|unmöglich|verboten)|verboten|"
    r"nicht\s+möglich"
)
# Declining a place by exception: "everywhere except Iran".
EXCEPT_BEFORE = (r"(?:except|excluding|other\s+than|apart\s+from|besides|but\s+not|excepto|salvo|menos|sauf|"
                 r"excepté|hormis|à\s+l['’]exception\s+de|außer|ausgenommen|ausser)\s+(?:for\s+|to\s+|a\s+|en\s+|"
                 r"nach\s+|in\s+|the\s+)?$")

# What a refund, credit or other money given back is called.
MONEY = (
    r"refund\w*|credit(?!\s+cards?)\w*|discount\w*|reimburs\w*|compensat\w*|voucher\w*|coupon\w*|"
    r"gift\s+cards?|gift\s+certificates?|store\s+credit|money\s+back|cash\s*back|rebate\w*|goodwill|"
    r"pay\w*\s+(?:you\s+)?back|give\s+you\s+back|back\s+(?:on|to|into)\s+(?:your|the)\s+(?:card|account|bank|"
    r"original|payment)|"
    r"reembols\w*|devuel\w*|devol\w*|abon\w*|crédito|descuento\w*|compensaci\w*|vale|cupón|bono|indemniz\w*|"
    r"rembours\w*|avoir|crédit\w*|remise|réduction|dédommag\w*|bon\s+d['’]achat|geste\s+commercial|"
    r"indemnis\w*|"
    r"erstatt\w*|rückerstatt\w*|gutschrift\w*|gutgeschrieben|gutschein\w*|rabatt\w*|entschädig\w*|"
    r"kompensation|nachlass|zurück(?:erstatt\w*|überweis\w*|zahl\w*)?"
)
# Someone above the agent decides: the approval nouns and what makes them a caveat (needed, pending, asked).
APPROVAL_NOUN = (r"approv\w*|sign[- ]?off|authori[sz]\w*|aprobaci\w*|aprob\w*|autorizaci\w*|visto\s+bueno|"
                 r"accord|approbation|validation|autorisation|valid\w*|genehmig\w*|freigabe|freigeben|zustimmung")
APPROVAL_CUE = (
    r"need|needs|needed|require|requires|required|pending|await|awaiting|waiting|subject\s+to|once|after|if|"
    r"until|ask|asking|asked|check\s+with|checking\s+with|get|getting|seek|seeking|request|requesting|submit\w*|"
    r"escalat\w*|sent|passed|"
    r"necesita\w*|requiere\w*|pendiente|sujet[oa]\s+a|tras|una\s+vez|solicit\w*|pedid\w*|ped\w*|"
    r"nécessite\w*|besoin|attente|sous\s+réserve|après|demand\w*|soumis\w*|"
    r"braucht|brauche|benötig\w*|erforder\w*|ausstehend|vorbehaltlich|nach|beantragt|angefragt|anfrag\w*"
)
LEAD = r"lead|manager|supervisor|responsable|jefe|superviseur|teamleitung|vorgesetzt\w*|leitung"

# Returning an item (the return-window rule's keyword "return", in every language).
RETURN = (r"return\w*|send\s+it\s+back|send\s+back|devol\w*|devuel\w*|retorn\w*|retour\w*|renvoy\w*|renvoi\w*|"
          r"rückgabe\w*|zurückgeb\w*|zurückzugeben|zurücksend\w*|zurückzusenden|rücksend\w*|umtausch\w*")
# A duration that is how long something takes, not how long a window is open.
PROCESSING = (r"process\w*|takes?|taking|took|appear\w*|arriv\w*|show\s+up|post\w*|clear\w*|reach\w*|"
              r"credited|inspect\w*|transit|"
              r"tarda\w*|demora\w*|procesa\w*|tramita\w*|llega\w*|aparec\w*|"
              r"traite\w*|traitement|prend\w*|apparaî\w*|"
              r"dauert|dauern|bearbeit\w*|ankomm\w*|erschein\w*|gutgeschrieben")

# Asking for a secret (a card number, CVV, PIN, password): the ask, in each language.
ASK = (
    r"send|share|give|provide|tell|confirm|reply\s+with|respond\s+with|(?:dm|text|e-?mail)\s+(?:me|us)|"
    r"include|read\s+out|write\s+down|type|enter|let\s+(?:me|us)\s+know|please|what['’]?s|what\s+(?:is|are)|"
    r"(?:can|could|may)\s+(?:i|we)\s+(?:have|get)|(?:i|we)(?:['’]ll|\s+will)?\s+(?:need|require)|"
    r"env[ií]\w*|mánd\w*|mand\w*|dime|díga\w*|dígame|indíque\w*|indica\w*|facilit\w*|proporcion\w*|"
    r"compart\w*|necesit\w*|cuál\s+es|puede\w*\s+(?:dar|indicar|decir)|por\s+favor|"
    r"envoy\w*|donn\w*|communiqu\w*|indiqu\w*|fourni\w*|transmet\w*|partag\w*|besoin|quel(?:le)?\s+est|merci\s+de|"
    r"pouvez|s['’]il\s+vous\s+pla[iî]t|"
    r"sende\w*|senden|schick\w*|geben\s+sie|gib|nennen|nenn\w*|teilen|mitteil\w*|brauch\w*|benötig\w*|"
    r"wie\s+lautet|bitte|können\s+sie|angeben"
)
SECRET = (
    r"(?:(?:full|complete|whole|entire|long)\s+)?(?:(?:credit|debit|bank)\s+)?card\s*(?:'s\s+)?(?:number|no\.?|details)"
    r"|(?:full\s+|complete\s+)?(?:ssn|social\s+security\s+number)"
    r"|cvv2?|cvc2?|security\s+code|card\s+verification\s+(?:code|value)"
    r"|pass(?:word|code|phrase)s?|(?-i:PIN)|pin\s+(?:number|code)"
    r"|(?:three|3|tres|trois|drei)\s+(?:digits|dígitos|chiffres|ziffern)\s+(?:on|from|at|del|de\s+la|au|auf)\s+"
    r"(?:the\s+)?(?:back|reverso|dorso|dos|der\s+rückseite)"
    r"|(?:1[2-9]|sixteen)[- ]digit\s+(?:card\s+)?number"
    r"|long\s+number\s+on\s+the\s+(?:front\s+of\s+(?:the|your)\s+)?card"
    r"|número\s+(?:completo\s+)?de\s+(?:la\s+|tu\s+|su\s+)?tarjeta|código\s+de\s+seguridad|contraseña|"
    r"clave\s+(?:de\s+acceso|secreta)"
    r"|numéro\s+(?:complet\s+)?de\s+(?:votre\s+|la\s+|ta\s+)?carte|cryptogramme|code\s+de\s+sécurité|mot\s+de\s+passe"
    r"|code\s+confidentiel"
    r"|kartennummer|prüfnummer|prüfziffer|sicherheitscode|passwort|kennwort|geheimzahl"
)
MASKED_BEFORE = r"\b(?:last|final|ending|últimos|últimas|derniers|dernières|letzten)\b[^.!?]{0,30}$"
CREDENTIAL_SELF = (r"\b(?:reset\w*|recover\w*|restor\w*|retriev\w*|forgot\w*|restablec\w*|réinitialis\w*|"
                   r"zurücksetz\w*)\b")

# Naming Assist's internals.
LEAK = (
    r"internal\s+notes?|agent[- ]only\s+notes?|private\s+notes?|system\s+prompt|system\s+message|my\s+instructions|"
    r"I\s+was\s+(?:instructed|told)\s+to|I['’]ve\s+been\s+instructed\s+to|I\s+have\s+been\s+instructed\s+to|"
    r"as\s+an\s+AI\s+language\s+model|hidden\s+instructions|developer\s+message|"
    r"notas?\s+internas?|instrucciones\s+(?:del\s+sistema|ocultas)|prompt\s+del\s+sistema|mis\s+instrucciones|"
    r"notes?\s+internes?|instructions\s+(?:système|du\s+système|cachées)|prompt\s+(?:système|du\s+système)|"
    r"mes\s+instructions|"
    r"intern\w*\s+notiz\w*|systemanweisung\w*|system-?prompt\w*|meine\s+anweisungen|versteckten?\s+anweisungen"
)


def extra_terms(params: dict[str, Any]) -> tuple[str, ...]:
    """A rule's own per-language terms: `terms = {es = ["reembolso"], de = ["Erstattung"]}`, all languages."""
    table = params.get("terms")
    if not isinstance(table, dict):
        return ()
    return tuple(str(t) for words in table.values() if isinstance(words, list) for t in words if str(t).strip())
