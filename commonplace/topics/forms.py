"""Forms for topic pages and the topic administration."""

from django import forms
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from commonplace.topics.models import Topic
from commonplace.topics.naming import MAX_NAME_LENGTH


def suggested_topic_field(
    *, label: StrOrPromise, help_text: StrOrPromise, datalist_id: str
) -> forms.CharField:
    """A one-topic input whose <datalist> fills with existing topics as the
    person types (htmx asks topics:suggest, which reads `?q=`: name the form
    field "q")."""
    return forms.CharField(
        label=label,
        required=False,
        help_text=help_text,
        widget=forms.TextInput(
            attrs={
                "list": datalist_id,
                "autocomplete": "off",
                "hx-get": reverse_lazy("topics:suggest"),
                "hx-trigger": "input changed delay:250ms",
                "hx-target": f"#{datalist_id}",
                "hx-swap": "innerHTML",
            }
        ),
    )


class TopicSearchForm(forms.Form):
    """The filter above the topic list; empty means every topic."""

    q = forms.CharField(
        label=_("Name starts with"),
        required=False,
        widget=forms.TextInput(
            attrs={
                "type": "search",
                "autocomplete": "off",
                "maxlength": MAX_NAME_LENGTH,
            }
        ),
    )

    def name_start(self) -> str:
        """What was typed; a name longer than any topic simply finds none."""
        return self.cleaned_data["q"] if self.is_valid() else ""


class MergeTopicsForm(forms.Form):
    """The administrator's choice of the topic that survives a merge."""

    target = forms.ModelChoiceField(
        label=_("Merge into"),
        queryset=Topic.objects.none(),
        help_text=_(
            "Every skill and follow of the selected topics moves to this one; "
            "their names stay as its synonyms."
        ),
    )

    def __init__(self, *args, topics=None, **kwargs):
        super().__init__(*args, **kwargs)
        if topics is not None:
            self.fields["target"].queryset = topics
