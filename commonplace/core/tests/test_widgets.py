"""QuickSelect writes the markup Django's Select templates write."""

from __future__ import annotations

import pytest
from django import forms
from django.test.html import parse_html

from commonplace.core.widgets import QuickSelect, QuickTextInput

CHOICES = [
    ("", "Every stage"),
    (3, "Proposed & <new>"),
    ("Later", [(7, "Parked"), (8, "Declined")]),
]


def both(value, attrs, *, multiple=False):
    """What Django's widget and ours render for the same field."""
    django_widget = forms.SelectMultiple if multiple else forms.Select
    quick = type("QuickMultiple", (QuickSelect,), {"allow_multiple_selected": True})
    ours = quick if multiple else QuickSelect
    return [
        parse_html(widget(choices=CHOICES).render("stage", value, attrs=attrs))
        for widget in (django_widget, ours)
    ]


@pytest.mark.parametrize(
    ("value", "attrs"),
    [
        (None, None),
        (3, {"id": "id_stage", "aria-describedby": "id_stage_helptext"}),
        ("8", {"id": "id_stage", "required": True, "disabled": False}),
        ("", {"data-note": 'quotes " and <tags>'}),
    ],
)
def test_the_markup_is_djangos(value, attrs):
    theirs, ours = both(value, attrs)
    assert ours == theirs


def test_several_chosen_options_are_all_selected():
    theirs, ours = both([3, 7], {"id": "id_stage"}, multiple=True)
    assert ours == theirs
    assert str(ours).count("selected") == 2


def test_labels_and_values_are_escaped():
    rendered = QuickSelect(choices=CHOICES).render("stage", None)
    assert "Proposed &amp; &lt;new&gt;" in rendered
    assert "<new>" not in rendered


@pytest.mark.parametrize(
    ("value", "attrs"),
    [
        (None, None),
        ("", {"id": "id_topic", "autocomplete": "off"}),
        (
            'Ana "the" <lead>',
            {"id": "id_author", "required": True, "spellcheck": False},
        ),
    ],
)
def test_the_text_input_is_djangos(value, attrs):
    theirs, ours = (
        parse_html(widget().render("author", value, attrs=attrs))
        for widget in (forms.TextInput, QuickTextInput)
    )
    assert ours == theirs
