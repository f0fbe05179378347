import pytest

from commonplace.topics.naming import display_name, is_meaningful, topic_key, topic_slug


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("Machine learning", "machine LEARNING"),
        ("Machine learning", "  machine   learning "),
        ("Machine learning", "Machine-Learning"),
        ("Data science", "data_science"),
        ("Machine learning", "Machine learning."),
        ("Kubernetes", "Kubernetes!"),
    ],
)
def test_spellings_of_one_topic_share_a_key(first, second):
    assert topic_key(first) == topic_key(second)


@pytest.mark.parametrize(
    ("first", "second"),
    [("C++", "C"), ("C#", "C"), ("C++", "C#"), (".NET", "NET"), ("F#", "F")],
)
def test_symbols_that_carry_meaning_keep_topics_apart(first, second):
    assert topic_key(first) != topic_key(second)


@pytest.mark.parametrize(
    ("name", "key", "slug"),
    [
        ("C++", "c++", "cplusplus"),
        ("C#", "c#", "csharp"),
        (".NET", ".net", "dotnet"),
        ("Node.js", "node.js", "node-js"),
        ("Machine-Learning", "machine learning", "machine-learning"),
        ("機械学習", "機械学習", "機械学習"),
    ],
)
def test_a_name_gets_a_readable_key_and_slug(name, key, slug):
    assert topic_key(name) == key
    assert topic_slug(topic_key(name)) == slug


def test_the_shown_name_keeps_its_case_and_drops_extra_spacing_and_the_full_stop():
    assert display_name("  Machine   Learning . ") == "Machine Learning"


def test_a_leading_dot_stays_in_the_shown_name():
    assert display_name(".NET") == ".NET"


@pytest.mark.parametrize("name", ["", "!!!", "...", "+++", "#", " - / _ "])
def test_punctuation_alone_is_not_meaningful(name):
    assert not is_meaningful(topic_key(name))
