"""Recurring themes: counted by sets, not by mentions; stop words of each language left
out; phrases before the words they hold; examples from the texts."""

from __future__ import annotations

from stop_words import safe_get_stop_words

from bot.flows.themes import Shared, languages, themes

EN = safe_get_stop_words("en")


def test_a_theme_needs_two_sets_and_counts_sets_not_mentions() -> None:
    items = [
        Shared(1, "Delegation was hard. Delegation again!"),
        Shared(1, "More delegation"),
        Shared(2, "Stakeholders need updates"),
    ]
    assert themes(items, EN) == []
    found = themes([*items, Shared(3, "Delegation works when I let go")], EN)
    assert [(t.term, t.sets) for t in found] == [("delegation", 2)]
    assert found[0].examples[0] == "Delegation was hard. Delegation again!"


def test_stop_words_short_words_and_numbers_never_count() -> None:
    items = [
        Shared(1, "It is the 2027 plan, so we do it"),
        Shared(2, "It is the 2027 way so we go"),
    ]
    assert themes(items, EN) == []


def test_a_phrase_comes_before_the_word_it_holds() -> None:
    items = [
        Shared(1, "Active listening changed my team meetings"),
        Shared(2, "I practised active listening"),
        Shared(3, "Listening first, talking later"),
    ]
    found = [(t.term, t.sets) for t in themes(items, EN)]
    assert found == [("listening", 3), ("active listening", 2)]
    two = [(t.term, t.sets) for t in themes(items[:2], EN)]
    assert two == [("active listening", 2)]  # "active", "listening" as often: left out


def test_other_languages_use_their_own_stop_words() -> None:
    de = safe_get_stop_words("de")
    items = [
        Shared(1, "Ich habe die Rückmeldung gesucht"),
        Shared(2, "Wir haben die Rückmeldung früher gegeben"),
    ]
    assert [t.term for t in themes(items, de)] == ["rückmeldung"]
    assert themes(items, EN)[0].term == "die rückmeldung"  # English stops don't know "die"


def test_ranking_and_the_limit() -> None:
    items = [Shared(i, f"feedback coaching {'delegation' if i < 3 else ''}") for i in range(5)]
    found = [(t.term, t.sets) for t in themes(items, EN)]
    assert found == [("feedback coaching", 5), ("coaching delegation", 3)]
    assert len(themes(items, EN, limit=1)) == 1


def test_languages_from_slack_locales() -> None:
    assert languages(["en-US", "de-DE", None, "en-GB"]) == ["de", "en"]
    assert languages([None]) == ["en"]
