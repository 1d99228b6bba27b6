"""The sides of a conversation that get a report: the bot's part and the human agent's part.

A chat the bot handed to a person has two parts: the bot's (up to the first agent message) and the
agent's (from there on), each judged with the same rubric, the customer's messages counted in the part
they fall in. A side too short to judge (no customer message, no reply of its own, under ten words in all)
is "not scored" with the reason, never scored 0.

A Side also holds the views every check of one report shares (sentiment, entities, language), computed
once and only when a check asks.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from functools import cached_property

from assist.analysis import entities as entities_mod
from assist.analysis import sentiment
from assist.analysis.language import conversation_language
from assist.base.text import WORD
from assist.base.vocab import NotScored, Role
from assist.coaching.help_centre import HelpCentre
from assist.domain.conversation import Conversation, Message
from assist.domain.playbook import Playbook

MIN_WORDS = 10
QUOTE_MAX = 160  # characters of evidence; a longer text is cut at a space (still a verbatim prefix)


def quote(text: str, start: int = 0, end: int | None = None) -> str:
    """A verbatim piece of `text`, at most QUOTE_MAX characters, cut at a word."""
    piece = text[start:end].strip()
    if len(piece) <= QUOTE_MAX:
        return piece
    cut = piece.rfind(" ", 0, QUOTE_MAX)
    return piece[: cut if cut > 40 else QUOTE_MAX]


@dataclass
class Side:
    conversation: Conversation
    playbook: Playbook
    scored_as: str  # Role.AGENT | Role.BOT
    indexes: list[int]  # every customer-visible message of this part, customer ones included
    help_centre: HelpCentre | None = None  # for accuracy against the help centre
    handed_off: bool = False  # the part ended by handing the chat to a person (the bot's part)

    @property
    def messages(self) -> list[Message]:
        return self.conversation.messages

    @cached_property
    def own(self) -> list[int]:
        return [i for i in self.indexes if self.messages[i].role == self.scored_as]

    @cached_property
    def customer(self) -> list[int]:
        return [i for i in self.indexes if self.messages[i].role == Role.CUSTOMER]

    @cached_property
    def author(self) -> str:
        names = Counter(self.messages[i].author for i in self.own if self.messages[i].author)
        if names:
            return names.most_common(1)[0][0]
        return self.playbook.bot_name if self.scored_as == Role.BOT else ""

    @cached_property
    def language(self) -> str:
        return conversation_language(self.conversation)

    @cached_property
    def customer_sentiment(self) -> dict[int, sentiment.Sentiment]:
        return {i: sentiment.analyze(self.messages[i].text) for i in self.customer}

    @cached_property
    def provided(self) -> list[entities_mod.Provided]:
        return entities_mod.entities(self.conversation)

    @property
    def first_name(self) -> str:
        name = self.conversation.customer.name.strip()
        return name.split()[0] if name else ""

    def text(self, index: int) -> str:
        return self.messages[index].text

    def not_scored(self) -> tuple[str, str]:
        """(reason, detail) when this side is too short to judge, else ("", "")."""
        if not any(m.role == Role.CUSTOMER for m in self.messages):
            return NotScored.NO_CUSTOMER, "the customer wrote nothing"
        if not self.own:
            return NotScored.NO_REPLY, f"no {self.scored_as} message"
        words = sum(len(WORD.findall(self.text(i))) for i in self.indexes)
        if words < MIN_WORDS:
            return NotScored.TOO_SHORT, f"{words} words in all; at least {MIN_WORDS} are needed to judge"
        return "", ""


def sides(conversation: Conversation, playbook: Playbook, help_centre: HelpCentre | None = None) -> list[Side]:
    """The bot's part and/or the agent's part, in order. A conversation with neither gets one agent side
    (reported as not scored: no agent message)."""
    visible = [i for i, m in enumerate(conversation.messages) if m.role in (Role.CUSTOMER, Role.BOT, Role.AGENT)]
    first_agent = next((i for i in visible if conversation.messages[i].role == Role.AGENT), None)
    has_bot = any(conversation.messages[i].role == Role.BOT for i in visible)
    out: list[Side] = []
    if has_bot:
        bot_part = [i for i in visible if first_agent is None or i < first_agent]
        if any(conversation.messages[i].role == Role.BOT for i in bot_part):
            out.append(Side(conversation, playbook, Role.BOT, bot_part, help_centre,
                            handed_off=first_agent is not None))
    if first_agent is not None or not out:
        start = first_agent if first_agent is not None else 0
        agent_part = [i for i in visible if i >= start]
        # The customer's words just before the takeover belong to the agent's part too (what they must answer).
        if first_agent is not None:
            before = [i for i in visible if i < first_agent]
            tail: list[int] = []
            for i in reversed(before):
                if conversation.messages[i].role != Role.CUSTOMER:
                    break
                tail.insert(0, i)
            agent_part = tail + agent_part
        out.append(Side(conversation, playbook, Role.AGENT, agent_part, help_centre))
    return out
