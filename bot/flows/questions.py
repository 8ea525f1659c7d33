"""Is a message a question? Questions before advice: L = P + Q.

During a presenter's questions step the set should mostly ask, not tell. `is_question`
decides, for one chat message, whether it asks something: a sentence that ends with a
question mark, starts like a question ("what…", "have you…"), or invites the presenter
to think aloud ("tell me more…", "I wonder…"). Advice phrased with a question mark
("why don't you just…?", "you should talk to HR?") is still advice. A message counts as
a question when any of its sentences is one.

Heuristic and English-only by design: a nudge is gentle and rare, so a miss costs little.
"""

from __future__ import annotations

import re

WH_WORDS = frozenset(
    {
        "what",
        "why",
        "how",
        "when",
        "where",
        "who",
        "whom",
        "whose",
        "which",
        "whats",
        "hows",
        "what's",
        "how's",
        "who's",
        "where's",
        "when's",
        "why's",
        "which's",
    }
)
AUXILIARIES = frozenset(
    {
        "do", "does", "did", "is", "are", "was", "were", "have", "has", "had", "can",
        "could", "would", "will", "should", "shall", "may", "might", "must", "am",
        "isn't", "aren't", "wasn't", "weren't", "don't", "doesn't", "didn't", "haven't",
        "hasn't", "hadn't", "can't", "couldn't", "wouldn't", "won't", "shouldn't",
    }
)  # fmt: skip
SUBJECTS = frozenset(
    {"you", "i", "we", "they", "he", "she", "it", "there", "that", "this", "your", "the",
     "anyone", "anything", "someone", "something", "any", "those", "these", "people"}
)  # fmt: skip
# Openings that invite the presenter to think aloud: open questions without a "?".
INVITATIONS = (
    "tell me",
    "tell us",
    "say more",
    "talk me through",
    "talk us through",
    "walk me through",
    "walk us through",
    "help me understand",
    "help us understand",
    "i wonder",
    "i'm wondering",
    "im wondering",
    "i am wondering",
    "i'm curious",
    "im curious",
    "i am curious",
    "describe",
    "explain",
    "can you say",
    "could you say",
    "what if",
    "how about if",
    "imagine",
    "suppose",
    "any thoughts",
    "thoughts on",
    "any idea",
    "any sense",
)
# Words people put before a question without changing it: "so what happened".
FILLERS = frozenset(
    {"so", "and", "ok", "okay", "but", "well", "lol", "hmm", "um", "uh", "also", "anyway",
     "then", "curious", "right", "oh", "ah", "alright", "maybe", "honestly", "hey", "i think",
     "i mean", "i guess", "i feel like", "i feel", "i believe"}
)  # fmt: skip
# Pronouns that make "do…"/"have…" a question ("do you…") rather than an order ("do it").
PERSONS = frozenset({"you", "i", "we", "they", "he", "she", "people", "anyone", "someone"})
# Advice, however it is punctuated.
ADVICE = (
    "why don't you",
    "why dont you",
    "why not just",
    "why not",
    "how about you just",
    "wouldn't it be easier",
    "don't you think you",
    "dont you think you",
    "shouldn't you",
    "isn't it better",
    "wouldn't it be simpler",
    "you could always",
    "i would",
    "i'd",
    "try",
    "have you tried just",
    "you should",
    "you shouldn't",
    "you need to",
    "you must",
    "you ought",
    "you have to",
    "you've got to",
    "you could just",
    "if i were you",
    "if i was you",
    "in your shoes",
    "my advice",
    "i'd just",
    "i would just",
    "i'd tell",
    "i would tell",
    "i'd go",
    "i would go",
    "just tell",
    "just ask",
    "just do",
    "just go",
    "wouldn't it be better",
    "it would be better",
    "the answer is",
    "the solution is",
    "what you need is",
    "what you should do",
    "what i would do",
    "what i'd do",
)
# "What a mess!" is an exclamation, not a question.
EXCLAMATIONS = re.compile(r"^(what an?|how (?:nice|great|awful|sad|kind|lovely|annoying))\b")
_SENTENCE = re.compile(r"[^.!?…\n]+[.!?…]*")
_EMOJI = re.compile(r":[a-z0-9_+\-']+:")
_WORD = re.compile(r"[a-z']+")
_MARKUP = re.compile(r"<[^>]*>|[*_~`>]")
_TAG_QUESTION = re.compile(r",\s*(right|no|yes|ok|okay|yeah|eh|surely)\s*\?+\s*$")


def sentences(text: str) -> list[str]:
    """The message split into sentences, Slack markup and mentions removed, lower case."""
    plain = _EMOJI.sub(" ", _MARKUP.sub(" ", text.replace("’", "'")).lower())
    found = (s.strip() for s in _SENTENCE.findall(plain))
    return [s for s in found if _WORD.search(s)]


def _starts(opening: str, phrase: str) -> bool:
    return opening == phrase or opening.startswith(phrase + " ")


def core(sentence: str) -> str:
    """The sentence's words with leading fillers ("so", "and", "i think"…) taken off."""
    words = " ".join(_WORD.findall(sentence))
    stripped = True
    while stripped:
        stripped = False
        for filler in sorted(FILLERS, key=len, reverse=True):
            if words.startswith(filler + " "):
                words, stripped = words[len(filler) + 1 :], True
                break
    return words


def is_advice(sentence: str) -> bool:
    """A sentence that tells the presenter what to do, even if it ends with "?"."""
    opening = core(sentence)
    if opening == "why not":
        return False  # "Why not?" asks for reasons
    words = opening.split()
    if opening.startswith(("why don't you ", "why dont you ")) and words[3:4] and words[3] in (
        "want", "think", "feel", "like", "trust", "believe", "agree", "see", "know",
    ):  # fmt: skip
        return False  # "why don't you want to tell her" asks for reasons too
    if any(f" {a} " in f" {opening} " for a in ("if i were you", "if i was you")):
        return True
    return any(_starts(opening, a) for a in ADVICE)


def sentence_is_question(sentence: str) -> bool:
    """One sentence (from `sentences`): does it ask something?"""
    if is_advice(sentence):
        return False
    if _TAG_QUESTION.search(sentence):
        return False  # "you'll tell her, right?" asserts and asks for agreement
    opening = core(sentence)
    words = opening.split()
    if not words:
        return False
    if sentence.rstrip().endswith("?"):
        return _imperative(words) is False
    if any(_starts(opening, i) for i in INVITATIONS):
        return True
    if EXCLAMATIONS.match(opening) or sentence.rstrip().endswith("!"):
        return False
    first = words[0]
    if first in WH_WORDS:
        return True
    if first == "if":  # "if you could change one thing, what would it be"
        return any(w in WH_WORDS for w in words[1:])
    # "Do you…", "Have they…", "Is there…": an auxiliary then its subject.
    return first in AUXILIARIES and len(words) > 1 and not _imperative(words)


def _imperative(words: list[str]) -> bool:
    """ "Do it anyway", "have the conversation": an order, not "do you…"."""
    if words[0] in ("do", "have"):
        return len(words) < 2 or words[1] not in PERSONS
    return len(words) < 2 or (words[0] in AUXILIARIES and words[1] not in SUBJECTS)


def is_question(text: str) -> bool:
    """Does this message ask the presenter something (any of its sentences)?"""
    return any(sentence_is_question(s) for s in sentences(text))
