"""Topics as administrators inspect, rename and merge them.

Every change goes through the topic services, so it is checked and audited
the same way as anywhere else.
"""

from typing import cast

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from commonplace.core.errors import CommonplaceError, InvalidInput
from commonplace.people.models import User
from commonplace.topics import selectors, services
from commonplace.topics.forms import MergeTopicsForm
from commonplace.topics.models import Topic


def _acting(request: HttpRequest) -> User:
    """The administrator: the admin site lets no one else in."""
    return cast(User, request.user)


class TopicAdminForm(forms.ModelForm):
    class Meta:
        model = Topic
        fields = ["name", "description"]

    def clean_name(self) -> str:
        name = self.cleaned_data["name"]
        try:
            services.check_topic_name(topic=self.instance, name=name)
        except InvalidInput as error:
            raise forms.ValidationError(
                error.fields.get("name") or [str(error.message)]
            ) from None
        return name


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    """Topics come from what people type; administrators tidy them up."""

    form = TopicAdminForm
    list_display = ["name", "slug", "merged_into", "people_count"]
    list_select_related = ["merged_into"]
    list_filter = [("merged_into", admin.EmptyFieldListFilter)]
    search_fields = ["name", "key"]
    ordering = ["key"]
    fields = ["name", "description", "key", "slug", "merged_into", "created_at"]
    readonly_fields = ["key", "slug", "merged_into", "created_at"]
    actions = ["merge_selected"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Topic]:
        return (
            super()
            .get_queryset(request)
            .annotate(
                people_count=Count(
                    "people_stating",
                    filter=Q(people_stating__is_active=True),
                    distinct=True,
                )
            )
        )

    @admin.display(description=gettext_lazy("people"), ordering="people_count")
    def people_count(self, topic: Topic) -> int:
        return topic.people_count  # type: ignore[attr-defined]

    # Topics appear when people name them and go away only by merging, so
    # that no skill or follow is ever lost with a deleted row.
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(
        self, request: HttpRequest, obj: Topic | None = None
    ) -> bool:
        return False

    def save_model(
        self, request: HttpRequest, obj: Topic, form: forms.ModelForm, change: bool
    ) -> None:
        stored = Topic.objects.get(pk=obj.pk)
        if "name" in form.changed_data:
            services.rename_topic(
                topic=stored,
                name=form.cleaned_data["name"],
                renamed_by=_acting(request),
            )
        if "description" in form.changed_data:
            services.describe_topic(
                topic=stored,
                description=form.cleaned_data["description"],
                described_by=_acting(request),
            )
        obj.name, obj.key, obj.slug = stored.name, stored.key, stored.slug
        obj.description = stored.description

    @admin.action(description=gettext_lazy("Merge selected topics into another topic"))
    def merge_selected(
        self, request: HttpRequest, queryset: QuerySet[Topic]
    ) -> HttpResponse | None:
        """Ask for the surviving topic, then merge every other selected one."""
        form = MergeTopicsForm(
            request.POST if "apply" in request.POST else None,
            topics=selectors.current_topics().order_by("key"),
        )
        if form.is_valid():
            self._merge(request, queryset, form.cleaned_data["target"])
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": _("Merge topics"),
            "opts": self.model._meta,
            "topics": list(queryset.order_by("key")),
            "form": form,
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            "action_name": "merge_selected",
            "media": self.media,
        }
        return TemplateResponse(request, "admin/topics/merge_topics.html", context)

    def _merge(
        self, request: HttpRequest, queryset: QuerySet[Topic], target: Topic
    ) -> None:
        sources = list(queryset.exclude(pk=target.pk).order_by("key"))
        if not sources:
            self.message_user(
                request,
                _("Nothing was merged: choose a topic other than the selected one."),
                messages.WARNING,
            )
            return
        try:
            # All or none: a refusal half-way leaves every topic as it was.
            with transaction.atomic():
                for source in sources:
                    services.merge_topics(
                        source=source, target=target, merged_by=_acting(request)
                    )
        except CommonplaceError as error:
            self.message_user(request, str(error.message), messages.ERROR)
            return
        self.message_user(
            request,
            ngettext(
                "Merged %(count)d topic into “%(target)s”.",
                "Merged %(count)d topics into “%(target)s”.",
                len(sources),
            )
            % {"count": len(sources), "target": target.name},
            messages.SUCCESS,
        )
