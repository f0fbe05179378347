"""Forms for topic pages and the topic administration."""

from django import forms
from django.utils.translation import gettext_lazy as _

from commonplace.topics.models import Topic
from commonplace.topics.naming import MAX_NAME_LENGTH


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
