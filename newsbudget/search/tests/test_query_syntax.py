"""What readers type is parsed into words the engines quote themselves: never a syntax error."""

from __future__ import annotations

import sqlite3

import pytest
from hypothesis import given
from hypothesis import strategies as st

from newsbudget.search.syntax import MAX_ITEMS, MAX_QUERY_LENGTH, QueryError, parse


@pytest.fixture(scope="module")
def fts5() -> sqlite3.Connection:
    """An in-memory FTS5 table, to check that every rendered expression is valid FTS5."""
    connection = sqlite3.connect(":memory:")
    connection.execute("CREATE VIRTUAL TABLE t USING fts5(a, tokenize='porter unicode61')")
    connection.execute("INSERT INTO t(a) VALUES ('the city council met about the flood')")
    return connection


def test_it_requires_every_word() -> None:
    assert parse("flood warning").fts5() == '("flood") AND ("warning")'


def test_it_keeps_quoted_words_together() -> None:
    assert parse('"City Council" vote').required == ((("city", "council"),), (("vote",),))


def test_it_closes_an_unbalanced_quote_at_the_end() -> None:
    assert parse('vote "city council').required == ((("vote",),), (("city", "council"),))


def test_it_offers_alternatives_with_or() -> None:
    assert parse("budget OR deficit cuts").required == (
        (("budget",), ("deficit",)),
        (("cuts",),),
    )


def test_a_lowercase_or_is_a_word() -> None:
    assert parse("this or that").words == ("this", "or", "that")


def test_it_excludes_words_and_phrases() -> None:
    parsed = parse('council -sport -"city hall"')
    assert parsed.excluded == (("sport",), ("city", "hall"))
    assert parsed.fts5() == '("council") NOT "sport" NOT "city hall"'


def test_sql_and_engine_operators_are_only_separators() -> None:
    parsed = parse("'); DROP TABLE stories_story; -- NEAR(a b) col:x ^y*")
    assert parsed.words == ("drop", "table", "stories_story", "near", "a", "b", "col", "x", "y")


def test_unicode_words_are_words() -> None:
    assert parse("Zürich café 東京 Ελλάδα").words == ("zürich", "café", "東京", "ελλάδα")


@pytest.mark.parametrize("text", ['OR - "" * ( ) :', '""', "-", "— … ·"])
def test_only_operators_or_punctuation_is_refused(text: str) -> None:
    with pytest.raises(QueryError, match="no words to look for"):
        parse(text)


def test_only_exclusions_are_refused() -> None:
    with pytest.raises(QueryError, match="cannot only leave words out"):
        parse("-sport -weather")


def test_it_refuses_a_long_text() -> None:
    with pytest.raises(QueryError, match=f"at most {MAX_QUERY_LENGTH} characters"):
        parse("flood " * 2000)


def test_it_refuses_too_many_words() -> None:
    with pytest.raises(QueryError, match=f"at most {MAX_ITEMS}"):
        parse(" ".join(f"word{n}" for n in range(MAX_ITEMS + 1)))


def test_the_same_meaning_has_the_same_spelling() -> None:
    assert parse('Flood  "CITY council"').normalized() == parse('flood "city council"').normalized()


@given(st.text(max_size=MAX_QUERY_LENGTH))
def test_any_text_parses_or_is_refused_with_a_message(text: str) -> None:
    try:
        parsed = parse(text)
    except QueryError as error:
        message = str(error)
        assert message
        return
    assert parsed.required
    assert all(word and word == word.lower() for word in parsed.words)


@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=80))
def test_every_parsed_query_is_valid_fts5(fts5: sqlite3.Connection, text: str) -> None:
    try:
        expression = parse(text).fts5()
    except QueryError:
        return
    fts5.execute("SELECT count(*) FROM t WHERE t MATCH ?", [expression]).fetchone()


@given(st.text(max_size=60))
def test_normalizing_is_stable(text: str) -> None:
    try:
        once = parse(text).normalized()
    except QueryError:
        return
    assert parse(once).normalized() == once
