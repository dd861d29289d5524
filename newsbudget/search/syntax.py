"""What a reader may type in the search box, parsed once and rendered for each engine.

The syntax is the familiar web-search one, and nothing else:

- ``flood warning``: both words (any form: *floods* matches *flood*);
- ``"city council"``: the words next to each other, in that order;
- ``budget OR deficit``: either (``OR`` in capitals, between two items);
- ``-sport`` or ``-"city council"``: without it.

Everything else is not syntax: punctuation, SQL fragments, FTS5 or tsquery
operators, brackets and stray quotes are separators between words, so no
input can be a syntax error.  An unclosed quote runs to the end of the text.

The parser keeps only *words* (runs of Unicode letters and digits,
lower-cased), so what reaches an engine is a set of words the renderer quotes
itself: ``fts5()`` builds an FTS5 MATCH expression from quoted strings, and
``websearch_items()`` gives the PostgreSQL backend one ``websearch_to_tsquery``
input per item.  Neither ever sees the reader's punctuation.

A query that has text but no word to look for (only operators or
punctuation), or only exclusions, is a ``QueryError``: the view answers 400
with its message rather than an empty page the reader cannot explain.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MAX_QUERY_LENGTH = 200
MAX_ITEMS = 12
MAX_PHRASE_WORDS = 8

TOKEN = re.compile(r'(?P<neg>-?)"(?P<phrase>[^"]*)"?|(?P<word>[^\s"]+)')
WORD = re.compile(r"\w+")


class QueryError(ValueError):
    """The text cannot be searched for; the message says why, for the reader."""


Phrase = tuple[str, ...]
"""One or more words that must appear together, in order (one word is a phrase of one)."""


@dataclass(frozen=True)
class ParsedQuery:
    """All of ``required`` (each a choice of phrases, any one will do), none of ``excluded``."""

    required: tuple[tuple[Phrase, ...], ...]
    excluded: tuple[Phrase, ...] = ()

    def normalized(self) -> str:
        """A canonical spelling, the same for queries that mean the same (for cache keys).

        >>> parse('  Flood   "city  COUNCIL" -sport ').normalized()
        'flood "city council" -sport'
        """
        parts = [" OR ".join(quote_phrase(phrase) for phrase in choice) for choice in self.required]
        parts += [f"-{quote_phrase(phrase)}" for phrase in self.excluded]
        return " ".join(parts)

    def fts5(self) -> str:
        """The query as an SQLite FTS5 MATCH expression: every word a quoted string.

        >>> parse('flood OR storm "city council" -sport').fts5()
        '("flood" OR "storm") AND ("city council") NOT "sport"'
        """
        choices = [
            "(" + " OR ".join(f'"{" ".join(phrase)}"' for phrase in choice) + ")"
            for choice in self.required
        ]
        expression = " AND ".join(choices)
        for phrase in self.excluded:
            expression += f' NOT "{" ".join(phrase)}"'
        return expression

    def websearch_items(self) -> tuple[tuple[tuple[str, ...], ...], tuple[str, ...]]:
        """Inputs for ``websearch_to_tsquery``: (alternatives per required item, exclusions).

        Each is a single word or a double-quoted phrase of words, so PostgreSQL
        parses it as exactly that; the backend combines them with ``&``, ``|``
        and ``!!`` (SearchQuery's operators), keeping this module's precedence.

        >>> parse('flood OR "storm surge" -sport').websearch_items()
        ((('flood', '"storm surge"'),), ('sport',))
        """
        required = tuple(
            tuple(quote_phrase(phrase) for phrase in choice) for choice in self.required
        )
        return required, tuple(quote_phrase(phrase) for phrase in self.excluded)

    @property
    def words(self) -> tuple[str, ...]:
        return tuple(word for choice in self.required for phrase in choice for word in phrase)


def quote_phrase(phrase: Phrase) -> str:
    return phrase[0] if len(phrase) == 1 else '"' + " ".join(phrase) + '"'


def parse(text: str) -> ParsedQuery:
    """Parse what a reader typed; ``QueryError`` if there is nothing to look for.

    >>> parse('budget OR deficit "city hall').required
    ((('budget',), ('deficit',)), (('city', 'hall'),))
    >>> parse("'; DROP TABLE stories_story; --").required
    ((('drop',),), (('table',),), (('stories_story',),))
    >>> parse('OR - "" * ( ) --')  # doctest: +IGNORE_EXCEPTION_DETAIL
    Traceback (most recent call last):
    ...
    QueryError: The search has no words to look for.
    """
    if len(text) > MAX_QUERY_LENGTH:
        raise QueryError(f"The search is too long: at most {MAX_QUERY_LENGTH} characters.")
    required: list[list[Phrase]] = []
    excluded: list[Phrase] = []
    join_next = False
    for match in TOKEN.finditer(text):
        raw = match.group("phrase") if match.group("word") is None else match.group("word")
        negated = bool(match.group("neg")) or (match.group("word") or "").startswith("-")
        if match.group("word") == "OR":
            join_next = bool(required)
            continue
        words = tuple(word.lower() for word in WORD.findall(raw))[:MAX_PHRASE_WORDS]
        if not words:
            continue
        if negated:
            excluded.append(words)
        elif join_next:
            required[-1].append(words)
        else:
            required.append([words])
        join_next = False
    return build(required, excluded)


def build(required: list[list[Phrase]], excluded: list[Phrase]) -> ParsedQuery:
    if not required and not excluded:
        raise QueryError("The search has no words to look for.")
    if not required:
        raise QueryError("Add a word to look for: a search cannot only leave words out.")
    if sum(len(choice) for choice in required) + len(excluded) > MAX_ITEMS:
        raise QueryError(f"The search has too many words or phrases: at most {MAX_ITEMS}.")
    unique_required = tuple(dict.fromkeys(tuple(dict.fromkeys(choice)) for choice in required))
    return ParsedQuery(required=unique_required, excluded=tuple(dict.fromkeys(excluded)))
