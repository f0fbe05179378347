"""Reading what people type: the syntax, its limits, and the fuzz test
that any string gives a query the engine accepts or a clear message."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from commonplace.knowledge.tests.factories import PostFactory
from commonplace.people.tests.factories import UserFactory
from commonplace.search import services
from commonplace.search.backends import fts5_expression
from commonplace.search.query import (
    MAX_QUERY_LENGTH,
    MAX_TERMS,
    SearchError,
    Term,
    parse,
)
from commonplace.search.selectors import search, similar_questions, suggest


def test_several_words_must_all_match_and_common_words_are_dropped():
    query = parse("How to deploy the Kubernetes cluster")

    assert query.included == (
        Term(("deploy",)),
        Term(("kubernetes",)),
        Term(("cluster",)),
    )
    assert not query.any_term


def test_a_quoted_phrase_keeps_its_words_together_common_ones_included():
    query = parse('"out of memory" error')

    assert query.included == (Term(("out", "of", "memory")), Term(("error",)))


def test_a_minus_leaves_a_word_out_and_a_star_matches_its_start():
    query = parse("deploy* -windows")

    assert query.included == (Term(("deploy",), prefix=True),)
    assert query.excluded == (Term(("windows",), excluded=True),)


def test_words_joined_by_punctuation_are_searched_as_a_phrase():
    assert parse("node.js").included == (Term(("node", "js")),)


def test_engine_operators_are_words_and_symbols_are_never_passed_on():
    query = parse('NEAR(a b) kubernetes:* (x) ^boost AND "q"')

    assert fts5_expression(query) == (
        '("near a" AND "b" AND "kubernetes"* AND "x" AND "boost" AND "q")'
    )


def test_accents_and_case_are_folded():
    assert parse("Café").included == (Term(("cafe",)),)


def test_an_unclosed_quote_is_left_out_with_a_note():
    query = parse('"kubernetes networking')

    assert query.included == (Term(("kubernetes",)), Term(("networking",)))
    assert any("quote" in str(note) for note in query.notes)


def test_a_long_query_is_cut_with_a_note():
    query = parse("deploy " * 1000)

    assert len(query.text) <= MAX_QUERY_LENGTH
    assert len(query.terms) == MAX_TERMS
    assert any(str(MAX_QUERY_LENGTH) in str(note) for note in query.notes)


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("", "Type a word"),
        ("   ", "Type a word"),
        ("*:()^", "signs and symbols"),
        ("😀🎉", "signs and symbols"),
        ("the and of", "too common"),
        ("-kubernetes -docker", "only leave words out"),
    ],
)
def test_queries_that_cannot_be_searched_say_why(text, says):
    with pytest.raises(SearchError) as refused:
        parse(text)

    assert says in str(refused.value.message)


def test_prefix_last_treats_the_word_being_typed_as_unfinished():
    assert parse("ana lo", prefix_last=True).included[-1] == Term(("lo",), prefix=True)
    assert not parse("ana lo ", prefix_last=True).included[-1].prefix


@pytest.fixture
def indexed(db):
    PostFactory(title="Deploying kubernetes clusters", body_source="Helm charts")
    services.reindex()
    return UserFactory()


QUERY_TEXT = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=80
) | st.lists(
    st.sampled_from(
        [
            '"',
            "-",
            "*",
            ":",
            "(",
            ")",
            "^",
            "NEAR",
            "AND",
            "OR",
            "NOT",
            "'",
            "%",
            "_",
            "\\",
            ";",
            "--",
            "kube",
            "deploy",
            "é",
            "日本",
            " ",
            "{",
            "}",
            "~",
            "|",
            "&",
            "!",
            "<->",
            ":*",
        ]
    ),
    max_size=12,
).map("".join)


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(text=QUERY_TEXT)
def test_any_text_gives_a_query_the_engine_runs_or_a_clear_message(indexed, text):
    """Run against the real database: an engine syntax error would raise
    a database error here, not a SearchError."""
    try:
        results = search(indexed, text)
    except SearchError as refused:
        assert str(refused.message)
    else:
        assert isinstance(results.page.items, list)
    suggest(indexed, text)
    similar_questions(indexed, text)
