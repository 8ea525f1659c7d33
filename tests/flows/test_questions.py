"""Is a chat message a question? Questions before advice: L = P + Q.

The table is what members actually type in a presenter's questions thread, and the expected
value is what a facilitator would say: a question asks the presenter something (with or
without a "?"); advice or telling is a statement, however it is punctuated.
"""

from __future__ import annotations

import pytest

from bot.flows.questions import is_advice, is_question, sentence_is_question, sentences

QUESTIONS_WITHOUT_MARK = [
    "what would success look like for you",
    "tell me more about the team",
    "I wonder what your manager thinks",
    "how did that feel",
    "what happened next",
    "why does that matter so much to you",
    "when did you first notice it",
    "where does the pressure come from",
    "who else is affected by this",
    "which option scares you more",
    "whats stopping you",
    "hows the team taking it",
    "how come you didn't raise it sooner",
    "do you know what she expects from you",
    "have you spoken to her since",
    "is that what you want",
    "are there other options",
    "does the team know",
    "did anything surprise you",
    "can you say more about that",
    "could you walk us through what happened",
    "would you do it again",
    "will you tell her",
    "was that the first time",
    "hasn't the project been delayed already",
    "say more about that",
    "talk me through a typical week",
    "walk us through the timeline",
    "help me understand what's at stake for you",
    "i'm curious how the team reacted",
    "Im wondering what you'd lose if you said yes",
    "I’m curious what you’ve tried already",
    "describe what a good outcome looks like",
    "imagine it's a year from now. what's different",
    "suppose nothing changes",
    "explain what you mean by difficult",
    "<@U123ABC> what did your boss actually say",
    "WHAT DO YOU WANT FROM HER",
    "what would you do differently next time :thinking_face:",
    "i wonder if you already know the answer",
    "how did it go 🙂",
    "so… what happened next",
    "thanks for sharing\nwhat would help most right now",
    "*what* would you _lose_ by saying no",
]

QUESTIONS_WITH_MARK = [
    "What did she say when you told her?",
    "Sounds tough. What did she say?",
    "Thanks for sharing! How long has this been going on?",
    "<@U123ABC> what do you mean by 'difficult'?",
    "And the budget?",
    "what's the real problem here?",
    "How did that land with the team ?",
    "what did you try??",
    "What would you do if you weren't afraid?",
    "Is it the deadline or the people that bothers you most?",
    "what do you need from your manager?",
    "who should you talk to first?",
    "you said 'stuck' – stuck how?",
    "I read <https://example.com/post|this post> last week. Does it match what you see?",
    "what did you learn from the last time? 🤔",
]

ADVICE_AND_STATEMENTS = [
    # advice that ends with a question mark
    "You should talk to HR?",
    "Why don't you just quit?",
    "I'd escalate it, right?",
    "why not just ignore him?",
    "it would be better to wait until after the reorg?",
    "i'd just say no?",
    "You'll tell her, right?",
    "you could just ignore it, no?",
    "you have to tell your boss?",
    "wouldn't it be better to tell her now?",
    "Don’t you think you should tell her?",
    # advice and telling without one
    "you should talk to hr",
    "just tell her no",
    "Take a day off and think about it.",
    "why dont you ask them directly",
    "You need to escalate this.",
    "if i were you i'd walk away",
    "my advice: document everything",
    "The answer is to hire someone.",
    "the solution is obvious, move her to another team",
    "I think you should push back",
    "honestly you must tell her",
    "you've got to set boundaries",
    "what you need is a mentor",
    "What I would do is talk to her first.",
    "In your shoes I'd resign",
    "tell her you need more time",
    "don't forget to tell her",
    "could be worth checking with legal",
    "do let us know how it goes",
    "<@U123ABC> you need to hear this",
    "Great question. I'd just quit.",
    "I hear you. You should take a break.",
    # statements, sympathy, chatter
    "That sounds really hard 😕",
    "same thing happened to me last year",
    "been there, it gets better",
    "you've got this 💪",
    "thanks for sharing",
    "I'm not sure that's the real problem",
    "my view is the deadline is the problem",
    "would love to hear how it goes",
    "what a mess",
    "What a week!",
    "how awful",
    "lol",
    "+1",
    "this might help <https://x.y|x>",
    "have a look at this article <https://x.y|x>",
]

NOT_TEXT = [
    "",
    " ",
    "   \n\t ",
    "<@U123ABC>",
    "<@U123ABC> <@U456DEF>",
    "<https://x.y|x>",
    "🙂",
    "🙂🙏👍",
    ":+1:",
    ":thinking_face:",
    "?",
    "...",
    "??!",
]

FIXED = [
    # questions an earlier detector missed
    ("what's the cost of doing nothing", True),
    ("how's the team taking it", True),
    ("who's affected if you say no", True),
    ("what do you need to feel ready", True),
    ("what do you think you should do", True),
    ("do you have to decide this week?", True),
    ("who do you need to involve", True),
    ("what do you think the answer is", True),
    ("why don't you want to tell her", True),
    ("what would someone else in your shoes do", True),
    (":wave: how did the chat with your boss go", True),
    ("tell me more about that!", True),
    ("so what would you do differently", True),
    ("and then what happened", True),
    ("ok but what does your team think", True),
    ("curious what your manager thinks", True),
    ("any thoughts on why that happened", True),
    ("lol how did that feel", True),
    ("just asking, what does your boss want?", True),
    ("just double-checking: did she agree?", True),
    ("if you could change one thing what would it be", True),
    # advice an earlier detector took for a question
    ("why not talk to her directly?", False),
    ("wouldn't it be easier to just quit?", False),
    ("i would escalate it to your director?", False),
    ("you could always just resign?", False),
    ("maybe try talking to HR first?", False),
    ("do it anyway", False),
    ("have the conversation this week", False),
]

TABLE = [
    *((text, True) for text in QUESTIONS_WITHOUT_MARK),
    *((text, True) for text in QUESTIONS_WITH_MARK),
    *((text, False) for text in ADVICE_AND_STATEMENTS),
    *((text, False) for text in NOT_TEXT),
    *FIXED,
]


def test_the_table_is_big_and_has_no_duplicates() -> None:
    texts = [row.values[0] if hasattr(row, "values") else row[0] for row in TABLE]
    assert len(texts) >= 60
    assert len(texts) == len(set(texts))


@pytest.mark.parametrize("text, expected", TABLE)
def test_is_question(text: str, expected: bool) -> None:
    assert is_question(text) is expected


@pytest.mark.parametrize(
    "text", [t for t in QUESTIONS_WITHOUT_MARK + ADVICE_AND_STATEMENTS if "\n" not in t]
)
def test_case_and_surrounding_space_do_not_matter(text: str) -> None:
    expected = is_question(text)
    assert is_question(text.upper()) is expected
    assert is_question(f"  {text}  ") is expected


@pytest.mark.parametrize("text", QUESTIONS_WITHOUT_MARK + QUESTIONS_WITH_MARK)
def test_a_mention_before_or_after_changes_nothing(text: str) -> None:
    assert is_question(f"<@U0ABC123> {text}") is True
    assert is_question(f"{text} <@U0ABC123>") is True


@pytest.mark.parametrize("question", ["what happened next?", "how did that feel"])
@pytest.mark.parametrize(
    "other", ["That sounds hard.", "You should talk to HR.", "I'd just quit!", "lol 😂."]
)
def test_a_message_is_a_question_when_any_sentence_is(question: str, other: str) -> None:
    assert is_question(f"{other} {question}") is True
    assert is_question(f"{question}\n{other}") is True


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Hello there. What now? I'd quit! OK…", ["hello there.", "what now?", "i'd quit!", "ok…"]),
        ("one\ntwo", ["one", "two"]),
        ("what??! really", ["what??!", "really"]),
        ("Don’t you", ["don't you"]),
        ("", []),
        ("   ", []),
        ("🙂. 🙂!", []),
        ("<@U123ABC>", []),
        ("<https://x.y|x>?", []),
    ],
)
def test_sentences(text: str, expected: list[str]) -> None:
    assert sentences(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Hi <@U123ABC>. What now?",
        "see <https://example.com/a.b?c=d|the doc> and <#C123|general>",
        "*bold* _italic_ ~strike~ `code` > quote",
    ],
)
def test_sentences_drop_slack_markup(text: str) -> None:
    found = sentences(text)
    assert found
    for sentence in found:
        assert sentence == sentence.lower() == sentence.strip()
        assert not any(c in sentence for c in "<>@|*_~`")
        assert "example" not in sentence and "u123abc" not in sentence


@pytest.mark.parametrize(
    "sentence, expected",
    [
        ("you should talk to hr", True),
        ("you should talk to hr?", True),
        ("i think you should talk to hr", True),
        ("why don't you just quit?", True),
        ("if i was you i'd leave", True),
        ("what i'd do is wait", True),
        ("just ask her", True),
        ("the solution is a new hire", True),
        ("what would success look like", False),
        ("i just asked her", False),  # "just ask" is a whole phrase, not a prefix
        ("you shouldered a lot", False),
        ("just asking, what now", False),
        ("tell me more", False),
        ("", False),
    ],
)
def test_is_advice(sentence: str, expected: bool) -> None:
    assert is_advice(sentence) is expected


@pytest.mark.parametrize(
    "sentence, expected",
    [
        ("what happened?", True),
        ("what happened", True),
        ("you said no?", True),  # a plain statement with "?" asks for confirmation
        ("you should say no?", False),
        ("you'll say no, right?", False),
        ("you'll say no, yeah??", False),
        ("you'll say no, surely ?", False),
        ("what a day", False),
        ("how lovely", False),
        ("how lovely?", True),  # the question mark wins over the exclamation pattern
        ("what happened!", False),
        ("do you", True),
        ("do", False),
        ("have a look", False),
        ("is", False),
        ("tell me", True),
        ("tell meg", False),
        ("describe", True),
        ("", False),
        ("…", False),
    ],
)
def test_sentence_is_question(sentence: str, expected: bool) -> None:
    assert sentence_is_question(sentence) is expected
