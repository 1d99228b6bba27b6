"""The sentences of the answering passage that answer the ask, verbatim, and the steps when it asks how.

A passage is split into units (reply/passage_units.py: its sentences, a list kept with the line that
introduces it, a list item given its subject back from its heading). Each part of the ask takes the unit that
best meets it: its words (rarer words count more, the article title's less), its section heading and
the article's own question before it, the kind of value asked for ("how long": a span, "what time": a time),
"can I" met by "you can", "how do I" by an instruction; a short unit or one that carries on ("Your bank then
takes ...") brings its neighbour, and an exception that names the customer's rare word ("mattresses ... that
have been unsealed" under "What we can't take back") comes with the rule. With someone hurt, or a product
that could hurt, the article's first-aid sentence comes first. reply/compose.py frames the result.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable

from assist.analysis.injury import SAFETY_STEMS
from assist.base.text import sentence_spans
from assist.base.values import find_values
from assist.knowledge.hits import Hit
from assist.knowledge.passages import Passage
from assist.knowledge.query_words import fold, stems
from assist.knowledge.retrieval import Retriever
from assist.reply.passage_units import lists_exceptions, passage_units

MAX_ANSWER_CHARS = 400

# "got it last week", "ayer", "la semaine dernière": when the story happened, like its values.
WHEN_IT_HAPPENED = re.compile(
    r"\b(?:last|this|next) (?:week|month|year|night|morning|afternoon|evening|weekend)\b|\b(?:yesterday|today|"
    r"tonight)\b|\b(?:la )?semana pasada\b|\b(?:el )?mes pasado\b|\bayer\b|\besta mañana\b|"
    r"\b(?:la )?semaine dernière\b|\bhier\b|\bce matin\b|\bletzte[nr]? (?:Woche|Monat)\b|\bgestern\b|"
    r"\bheute (?:früh|morgen)\b", re.IGNORECASE)
AGO = re.compile(r"\b(?:\d+|an?|one|two|three|four|five|six|a few|several|couple of) (?:minutes?|hours?|days?|"
                 r"weeks?|months?|years?) ago\b", re.IGNORECASE)


def answer_passages(retriever: Retriever, top: Hit) -> list[Passage]:
    """The best passage first, then the rest of its article (a second question is often answered a section
    further down: "by what time?" under "How it works")."""
    return [top.passage, *(p for p in retriever.passages_of(top.article_id) if p != top.passage)]


# What kind of value a question asks for (the kinds of base/values.py, the parser the guardrails use too).
_ASKS_FOR = [
    (re.compile(r"how long|how many (?:days|weeks)|how soon|how fast|how quick|how often|by when|"
                r"when (?:do|will|can|should) i (?:get|see|receive|have)|cuánto tiempo|cuántos días|cuánto tarda|"
                r"qué tan rápido|"
                r"cuánto dura|combien de temps|combien de jours|quel délai|en combien|wie lange|wie viele tage|"
                r"wie schnell|wann (?:kommt|kann)", re.IGNORECASE), "duration"),
    (re.compile(r"what time|which time|by what time|cut-?off|deadline|how late|the latest (?:i|we|you) can|"
                r"a qué hora|hasta qué hora|à quelle heure|avant quelle heure|um wie viel uhr|bis wann|"
                r"bis wie viel uhr|spätestens", re.IGNORECASE), "time"),
    (re.compile(r"how much|what does .* cost|\bfee\b|\bprice\b|\b(?:do|will|would) i (?:have|need) to pay\b|"
                r"\bis (?:it|that|this|the \w+) free\b|cuánto cuesta|cuánto vale|combien coûte|"
                r"combien ça|wie viel kostet|was kostet|\btarifa\b|\bfrais\b|\bgebühr", re.IGNORECASE), "amount"),
    (re.compile(r"how many|cuánt[oa]s|combien de|wie viele", re.IGNORECASE), "number"),
    # "Where can I see the recalls?" is answered by the page: "... are listed at northwind.example/recalls".
    (re.compile(r"where (?:can|do|should) i (?:see|find|check|look)|which (?:page|site|link)|dónde (?:puedo )?(?:ver|"
                r"encontrar|consultar)|où (?:puis-je|je peux) (?:voir|trouver)|wo (?:kann ich|finde ich)",
                re.IGNORECASE), "url"),
]
# "What time ...?" asks for a time (the kind above); its word "time" would meet "11:00 local time" for any ask.
_ASKING_TIME = re.compile(r"\b(?:what|which|by what|at what) time\b", re.IGNORECASE)
# The same, for customers who leave the accents out ("cuanto tiempo").
_ASKS_FOR_FOLDED = [(re.compile(fold(p.pattern), re.IGNORECASE), kind) for p, kind in _ASKS_FOR]
# A question that opens with "when" asks for a time span or a date: "when do I get the money back?", "and when
# will I see it?"; only the interrogative (accented in Spanish), never "when it arrives" inside a clause.
_WHEN = re.compile(r"^\W*(?:(?:and|so|but|ok|okay|und|et|y)\W+)*(?:when|wann|quand)\b|¿?\s*(?:y\s+)?"
                   r"(?:\w+\s+){0,2}cuándo\b", re.IGNORECASE)
# "Your bank then takes 5-10 business days": a sentence that carries on from the one before it.
_CARRIES_ON = re.compile(r"\b(?:then|after that|afterwards|después|luego|ensuite|puis|dann|danach|anschließend)\b",
                         re.IGNORECASE)


# "Can I still cancel?", "Is it still under warranty?", "Je peux encore les retourner ?": whether a time limit
# has passed, so the sentence with the limit answers it.
_STILL = re.compile(r"^\W*(?:\w+\W+){0,4}?(?:still|todavía|aún|encore|noch)\b", re.IGNORECASE)


def _wanted_kinds(clause: str) -> set[str]:
    wants = {kind for question, kind in _ASKS_FOR if question.search(clause)}
    if _STILL.search(clause) and clause.rstrip().endswith("?"):
        wants.add("duration")
    wants |= {kind for question, kind in _ASKS_FOR_FOLDED if question.search(fold(clause))}
    return wants | {"duration", "date"} if _WHEN.search(clause) else wants


_FREE = re.compile(r"\b(?:free|prepaid|gratis|gratuit|kostenlos)\b", re.IGNORECASE)  # "free" answers "how much?" too


def _value_kinds(unit: str) -> set[str]:
    kinds = {v.kind for v in find_values(unit)}
    return kinds | {"amount"} if _FREE.search(unit) else kinds


# "is X available, and by what time ...?", "same day delivery here and what's the latest ...?" ask two things.
_SECOND_ASK = re.compile(r",\s*(?:and|y|et|und)\s+|\s+(?:and|y|et|und)\s+(?=(?:what|how|when|where|which|by what|"
                         r"can i|is it|qué|cómo|cuándo|dónde|quel|quelle|comment|quand|où|was|wie|wann|wo)\b)",
                         re.IGNORECASE)
# "Can I cancel it?" is answered by the sentence that says "You can cancel ...".
# "How long do I have to return it?" asks how long I may: "You can return most items within 30 days".
_MAY_I = re.compile(r"\b(?:can|could|may) i\b|\bpuedo\b|\bpuis-je\b|\bje peux\b|\bkann ich\b|"
                    r"\bhow (?:long|much time) do i have (?:to|for)\b|\bcuánto tiempo tengo para\b|"
                    r"\bcombien de temps (?:ai-je|j'ai) pour\b|\bwie lange habe ich\b", re.IGNORECASE)
_WHAT_CAN_I_DO = re.compile(r"\bwhat (?:can|could|should) i do\b|\bqué puedo hacer\b|\bque puis-je faire\b|"
                            r"\bqu'est-ce que je peux faire\b|\bwas kann ich (?:tun|machen)\b", re.IGNORECASE)
_YOU_MAY = re.compile(r"^(?:you can|you may|puedes|se puede|vous pouvez|sie können)\b", re.IGNORECASE)
YOU_MAY_BONUS = 1.0
# "How do I check my balance?" is answered by an instruction ("Go to ... and enter the code"), not by a
# sentence that uses its words ("pay any balance with a card").
_HOW_DO_I = re.compile(r"\bhow (?:do|can|should) i\b|\bhow to\b|\bwhere (?:can|do|should) i (?:see|find|check)\b|"
                       r"\bcómo (?:puedo|se|hago)\b|"
                       r"\bcomment (?:puis-je|je peux|faire|on)\b|\bwie (?:kann|muss|soll) ich\b", re.IGNORECASE)
_INSTRUCTION = re.compile(r"^(?:\d+\.\s*)?(?:go|enter|select|open|click|tap|sign|choose|contact|visit|use|pick|print|"
                          r"drop|log|send|reply|call|fill|follow|ve|entra|introduce|selecciona|abre|elige|"
                          r"contacta|visita|allez|entrez|saisissez|sélectionnez|ouvrez|cliquez|choisissez|"
                          r"contactez|gehen|öffnen|wählen|klicken|geben|melden)\b", re.IGNORECASE)


def _clauses(ask: str) -> list[str]:
    parts = [ask[a:b] for a, b in sentence_spans(ask)] or [ask]
    out: list[str] = []
    for part in parts:
        out += [c for c in _SECOND_ASK.split(part) if c.strip()]
    return out[:3]


def _meeting(wanted: set[str], around: set[str], unit: set[str]) -> list[tuple[str, float]]:
    """The unit's stems that meet the clause's (weight 1) or the rest of the ask's (weight 0.5)."""
    out = []
    for stem in unit:
        for pool, weight in ((wanted, 1.0), (around, 0.5)):
            if stem in pool:
                out.append((stem, weight))
                break
    return out


SHORT_SENTENCE = 5  # words: a sentence this short leans on the one before it
HEADING_WEIGHT = 0.5  # a word of the sentence's section heading, against the sentence's own
HOW_HEADING_WEIGHT = 1.5  # ... when the ask asks how to do what the heading names
PHRASE_BONUS = 0.5  # per pair of the clause's words side by side in a sentence ("return label")
SAFETY_BONUS = 2.0  # a sentence about safety or injury, when the customer or the story says someone is hurt
CODE_BONUS = 1.0  # a sentence that names the code the customer names
_CODE = re.compile(r"\b[A-Z][A-Z0-9]{4,}\b")  # "FREESHIP", "WINTER20"; not "VIP" or a shouted "NOW"
SECOND_PART_SHARE = 0.7  # of the best score: a second part of the ask takes its own sentence at this or more


def answer(passages: list[Passage], top: Hit, ask: str, locale: str, language: str,
            idf: Callable[[str], float] = lambda _: 1.0, terms_of: Callable[[str], set[str]] | None = None,
            context: str = "") -> tuple[str, list[str]]:
    """For each thing the ask asks, the sentence that best answers it (verbatim, in article order), and the
    steps when it asks how. `terms_of` gives a text's stems as the passages know them (the retriever's:
    typos mended, the glossary's English words for an English article); `context` says which case applies
    ("I changed my mind" picks the change-of-mind sentence)."""
    terms_of = terms_of or (lambda text: set(stems(text, locale)))
    units = [(rank, order, unit) for rank, passage in enumerate(passages)
             for order, unit in enumerate(passage_units(passage))]
    opening = {i for i, (rank, _, _) in enumerate(units) if passages[rank].index == 0}
    if not units:
        return top.passage.text[:MAX_ANSWER_CHARS], []
    sequences = [stems(u, locale) for _, _, u in units]
    unit_stems = [set(seq) for seq in sequences]
    unit_pairs = [set(itertools.pairwise(seq)) for seq in sequences]
    topic = set(stems(top.passage.title, locale))
    unit_kinds = [_value_kinds(u) for _, _, u in units]
    unit_codes = [set(_CODE.findall(u)) for _, _, u in units]  # once per unit: score() runs many times
    # A section's heading says what its sentences are about ("Checking your balance": "Go to ... and enter").
    headings = [set(stems(passages[rank].heading, locale)) - unit_stems[i]
                for i, (rank, _, _) in enumerate(units)]
    # "Ordered as a guest? Contact us with your order number ...": the article's own question is a heading for
    # the sentence after it, saying which case it answers.
    for i in range(1, len(units)):
        if units[i - 1][0] == units[i][0] and units[i - 1][2].rstrip().endswith("?"):
            headings[i] |= unit_stems[i - 1] - unit_stems[i]
    chosen: list[int] = []
    clauses = _clauses(ask)
    # "a coat I got 5 weeks ago": when the story happened, not a word for a sentence to meet ("within a week").
    terms = [terms_of(WHEN_IT_HAPPENED.sub(" ", AGO.sub(" ", _ASKING_TIME.sub(" ", clause)))) for clause in clauses]
    if locale == "de":  # "Expressversand" asks about "Express (Inland)": a compound meets its first part
        known = set().union(*unit_stems)
        terms = [t | {v for w in t - known for v in known if len(v) >= 5 and w.startswith(v)} for t in terms]
    background = terms_of(context) if context else set()
    # A code the customer names ("FREESHIP") is in the one sentence about it, whichever part of the chat says it.
    codes = set(_CODE.findall(f"{ask} {context}"))
    # Someone hurt comes first: the sentence about safety answers before any about damage or returns.
    hurt = bool(SAFETY_STEMS & (background | set().union(*terms)))
    safety = [bool(SAFETY_STEMS & (unit_stems[i] | headings[i])) for i in range(len(units))]
    for n, clause in enumerate(clauses):
        wanted = terms[n]
        # The rest of the ask says what this part is about ("how long must I wait?" + "my account is locked").
        around = set().union(background, *(t for m, t in enumerate(terms) if m != n)) - wanted
        wants = _wanted_kinds(clause)
        how = bool(_HOW_DO_I.search(clause))
        # "how can I ...?" asks how, "what can I do?" for the options: neither asks whether.
        may = bool(_MAY_I.search(clause)) and not how and not _WHAT_CAN_I_DO.search(clause)
        clause_stems = stems(clause, language)
        # Two of the title's words side by side ("same-day fee" in the same-day article) say little.
        pairs = {p for p in itertools.pairwise(clause_stems) if not set(p) <= topic} if locale == language else set()

        def score(i: int, wanted: set[str] = wanted, around: set[str] = around, wants: set[str] = wants,
                  pairs: set[tuple[str, str]] = pairs, may: bool = may, how: bool = how) -> float:
            rank, _, unit = units[i]
            # Rare words count more: "electronics" says more than "warranty" in the warranty article.
            # The title's words are the whole article's topic: they tell its sentences apart less than the rest.
            own = sum(min(2.0, idf(t)) * (0.4 if t in topic else 1.0) * weight
                      for t, weight in _meeting(wanted, around, unit_stems[i]))
            # Asked how, a section whose heading says it ("Checking your balance") is the how.
            overlap = own + (HOW_HEADING_WEIGHT if how else HEADING_WEIGHT) * sum(
                min(2.0, idf(t)) * (0.4 if t in topic else 1.0) * weight
                for t, weight in _meeting(wanted, around, headings[i]))
            value = 3.0 if wants & unit_kinds[i] else (0.6 if unit_kinds[i] else 0.0)
            # A list item ("Items returned more than 30 days after delivery") is an exception, not the rule,
            # unless it names what was asked; the article's opening usually states the rule.
            fragment = (-1.0 if not overlap else -0.3) if not re.search(r"[.!?:)]$", unit.strip()) else 0.0
            rhetorical = -1.5 if unit.rstrip().endswith("?") else 0.0  # "Faulty after 30 days?" asks, not answers
            phrase = PHRASE_BONUS * len(pairs & unit_pairs[i])
            phrase += YOU_MAY_BONUS if may and overlap and _YOU_MAY.match(unit) else 0.0
            phrase += YOU_MAY_BONUS if how and overlap and _INSTRUCTION.match(unit) else 0.0
            first = SAFETY_BONUS if hurt and safety[i] else 0.0
            first += CODE_BONUS if codes & unit_codes[i] else 0.0
            return (overlap + value + phrase + first + (0.4 if rank == 0 else 0.0) + (0.5 if i in opening else 0.0)
                    + fragment + rhetorical)

        best = max(range(len(units)), key=lambda i: (score(i), -i))
        # A second part of the ask asks something else: its best sentence not yet chosen, if nearly as good.
        unchosen = [i for i in range(len(units)) if i not in chosen]
        if best in chosen and unchosen:
            runner_up = max(unchosen, key=lambda i: (score(i), -i))
            best = runner_up if score(runner_up) >= SECOND_PART_SHARE * score(best) else best
        if best not in chosen and (score(best) > 0.5 or not chosen):
            chosen.append(best)
            # "You pay the difference." says little without the sentence it follows ("... we can switch it"),
            # and asked how, "You'll see the date ..." not without the instruction before it ("Go to ...").
            before = best - 1
            leans = len(units[best][2].split()) <= SHORT_SENTENCE or (
                how and before >= 0 and _INSTRUCTION.match(units[before][2]) and not _INSTRUCTION.match(units[best][2]))
            # "Contact us and we'll help." + "To protect your account, ...": a short instruction before it is the
            # point the sentence explains.
            leans = leans or (before >= 0 and len(units[before][2].split()) <= SHORT_SENTENCE
                              and bool(_INSTRUCTION.match(units[before][2])))
            # "The hold then drops off, usually within 3-5 business days." goes on from the sentence before it.
            leans = leans or bool(_CARRIES_ON.search(units[best][2]))
            if leans and before >= 0 and units[before][0] == units[best][0] \
                    and before not in chosen and not units[before][2].rstrip().endswith("?"):
                chosen.append(before)
            # "Often one of them is a pending authorisation." + when the hold drops off, a sentence or two on
            followers = [j for j in (best + 1, best + 2) if j < len(units) and units[j][0] == units[best][0]]
            with_values = next((j for j in followers if unit_kinds[j]), None)
            if not unit_kinds[best] and with_values is not None:
                chosen += [j for j in followers if j <= with_values and j not in chosen]
            elif followers and followers[0] not in chosen and _CARRIES_ON.search(units[followers[0]][2]) \
                    and (wants & unit_kinds[followers[0]] or score(followers[0]) >= 0.5 * score(best)):
                chosen.append(followers[0])  # "... we issue the refund." + "Your bank then takes 5-10 ..."
    chosen += _exceptions_named(units, passages, chosen, set().union(background, *terms) - topic, idf, unit_stems,
                                locale)
    # Someone hurt, or a product that could hurt: what to do first ("stop using it straight away") is said
    # whatever else is asked, when the article opens with it.
    first_aid = [i for i in sorted(opening) if safety[i]][:1] if hurt else []
    picked = first_aid + sorted((i for i in chosen if i not in first_aid), key=lambda i: (units[i][0], units[i][1]))
    answer = ""
    for i in picked:
        if len(answer) + len(units[i][2]) > MAX_ANSWER_CHARS and answer:
            break
        unit = units[i][2].rstrip()
        answer = f"{answer} {unit if re.search(r'[.!?:]$', unit) else unit + '.'}".strip()
    return answer, _steps(passages, top, ask, locale, terms_of, answer)


EXCEPTION_IDF = 4.0  # a word in two or three passages ("mattress", 4.6) names the case; "covered" (3.0) does not


def _exceptions_named(units: list[tuple[int, int, str]], passages: list[Passage], chosen: list[int],
                      said: set[str], idf: Callable[[str], float], unit_stems: list[set[str]],
                      locale: str) -> list[int]:
    """The exception that names what the customer has: "You can return most items within 30 days" is not the
    whole answer for an opened mattress when "What we can't take back" lists "Mattresses ... unsealed"."""
    if not chosen:
        return []
    met = set().union(*(unit_stems[c] for c in chosen))
    naming: dict[int, float] = {}
    for i, (rank, _, _) in enumerate(units):
        heading = passages[rank].heading.strip()
        if i in chosen or not lists_exceptions(heading):
            continue
        # The heading the item now starts with ("Lo que no podemos aceptar: ...") names no case.
        named = (said & unit_stems[i]) - met - set(stems(heading, locale))
        rare = [idf(t) for t in named if idf(t) >= EXCEPTION_IDF]
        if rare:
            naming[i] = sum(rare)
    return [max(naming, key=lambda i: (naming[i], -i))] if naming else []


# An ask for what to do: answered with the steps of the section that says how.
_ASKS_HOW = re.compile(r"\bhow (?:do|can|should|to)\b|\bcómo\b|\bcomment\b|\bwie (?:kann|geht|muss|soll)\b|"
                       r"\bwhat (?:do|should|can) i do\b|\bwhat do you need\b|\bqu[ée] (?:hago|debo hacer|tengo que "
                       r"hacer)\b|\bque (?:dois-je|faut-il|dois je) faire\b|\bwas (?:soll|muss|kann) ich tun\b",
                       re.IGNORECASE)
MAX_STEPS = 7
# "What now??" after the story: the steps of the section the search found for it, never another section's.
_WHAT_NOW = re.compile(r"\bwhat now\b|\bnow what\b|\bwhat are my options\b|\by ahora qué\b|\bet maintenant\b|"
                       r"\bwas nun\b|\bund jetzt\b|\bje fais quoi\b|\bon fait quoi\b", re.IGNORECASE)


def _steps(passages: list[Passage], top: Hit, ask: str, locale: str, terms_of: Callable[[str], set[str]],
           answer: str) -> list[str]:
    """The numbered steps of the section whose heading says what the ask asks ("How to start a return" for
    "How do I start a return?"), else of the answer's own section, else the article's only steps; none when
    the ask is not a how."""
    if not _ASKS_HOW.search(ask):
        steps = top.passage.steps if _WHAT_NOW.search(ask) else []
        return [s for s in steps if s not in answer] if 2 <= len(steps) <= MAX_STEPS else []
    wanted = terms_of(ask)
    with_steps = [p for p in passages if 2 <= len(p.steps) <= MAX_STEPS]

    def fit(p: Passage) -> int:
        return len(set(stems(p.heading, locale)) & wanted)

    best = max(with_steps, key=lambda p: (fit(p), p == top.passage, -p.index), default=None)
    # With no heading that says it, the article's one procedure is the how ("What do you need from me?" after
    # "My chair arrived broken": the steps of "Report it").
    if best is None or not (fit(best) or best == top.passage or len(with_steps) == 1):
        return []
    return [s for s in best.steps if s not in answer]
