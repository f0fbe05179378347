"""People in the administration pages: inspection, and changes via services.

Profiles belong to their people, so they are read-only here. What only
administrators decide (team, manager, the external flag, access and
administrator rights) changes through the services, which check the policy
and write the audit log.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import URLPattern
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from commonplace.core.admin import acting_person
from commonplace.core.errors import CommonplaceError, InvalidInput
from commonplace.people import services
from commonplace.people.models import Team, User


def _report(request: HttpRequest, message: str, count: int) -> None:
    if count:
        messages.success(request, message % {"count": count})


class OrganisationForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["team", "manager", "is_external", "organisation"]

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        try:
            services.validate_organisation_details(
                person=self.instance,
                manager=data.get("manager"),
                is_external=bool(data.get("is_external")),
                organisation=str(data.get("organisation") or ""),
            )
        except InvalidInput as error:
            for field, problems in error.fields.items():
                self.add_error(field, problems)
        return data


def _apply(request: HttpRequest, people: QuerySet[User], change) -> int:
    """Run a service per person; report failures; return how many changed."""
    changed = 0
    for person in people:
        try:
            change(person)
        except CommonplaceError as error:
            messages.error(request, f"{person}: {error.message}")
        else:
            changed += 1
    return changed


@admin.register(User)
class PersonAdmin(DjangoUserAdmin):
    form = OrganisationForm
    ordering = ["display_name"]
    list_display = [
        "display_name",
        "email",
        "team",
        "is_external",
        "is_active",
        "is_staff",
    ]
    list_filter = ["is_active", "is_staff", "is_external", "team"]
    search_fields = ["display_name", "email"]
    autocomplete_fields = ["team", "manager"]
    readonly_fields = [
        "email",
        "display_name",
        "job_title",
        "location",
        "time_zone",
        "bio",
        "is_active",
        "is_staff",
        "is_superuser",
        "last_login",
        "date_joined",
    ]
    fieldsets = [
        (
            _("Profile"),
            {
                "fields": [
                    "email",
                    "display_name",
                    "job_title",
                    "location",
                    "time_zone",
                    "bio",
                ]
            },
        ),
        (
            _("Organisation"),
            {"fields": ["team", "manager", "is_external", "organisation"]},
        ),
        (
            _("Access"),
            {
                "fields": [
                    "is_active",
                    "is_staff",
                    "is_superuser",
                    "last_login",
                    "date_joined",
                ]
            },
        ),
    ]
    actions = ["deactivate", "reactivate"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        """People join by signing up or by invitation, never by admin form."""
        return False

    def get_urls(self) -> list[URLPattern]:
        """Without the page where an administrator sets someone's password.

        Passwords are the person's own: they reset theirs by e-mail, which
        also ends their sessions and access tokens.
        """
        return [
            url
            for url in super().get_urls()
            if getattr(url, "name", None) != "auth_user_password_change"
        ]

    def has_delete_permission(
        self, request: HttpRequest, obj: User | None = None
    ) -> bool:
        """Deactivate instead: contributions stay attributed."""
        return False

    def save_model(
        self, request: HttpRequest, obj: User, form: forms.ModelForm, change: bool
    ) -> None:
        current = User.objects.get(pk=obj.pk)
        services.set_organisation_details(
            person=current,
            changed_by=acting_person(request),
            team=form.cleaned_data["team"],
            manager=form.cleaned_data["manager"],
            is_external=form.cleaned_data["is_external"],
            organisation=form.cleaned_data["organisation"],
        )

    @admin.action(description=_("Deactivate the selected people"))
    def deactivate(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        actor = acting_person(request)
        count = _apply(
            request,
            queryset,
            lambda person: services.deactivate_person(
                person=person, deactivated_by=actor
            ),
        )
        _report(
            request,
            ngettext(
                "%(count)d person deactivated.", "%(count)d people deactivated.", count
            ),
            count,
        )

    @admin.action(description=_("Reactivate the selected people"))
    def reactivate(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        actor = acting_person(request)
        count = _apply(
            request,
            queryset,
            lambda person: services.reactivate_person(
                person=person, reactivated_by=actor
            ),
        )
        _report(
            request,
            ngettext(
                "%(count)d person reactivated.", "%(count)d people reactivated.", count
            ),
            count,
        )


class TeamForm(forms.ModelForm):
    class Meta:
        model = Team
        fields = ["name", "slug", "kind", "parent"]

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        try:
            services.validate_team_parent(team=self.instance, parent=data.get("parent"))
        except InvalidInput as error:
            for field, problems in error.fields.items():
                self.add_error(field, problems)
        return data


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    form = TeamForm
    list_display = ["name", "kind", "parent"]
    list_filter = ["kind"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["parent"]

    def has_delete_permission(
        self, request: HttpRequest, obj: Team | None = None
    ) -> bool:
        return False

    def save_model(
        self, request: HttpRequest, obj: Team, form: forms.ModelForm, change: bool
    ) -> None:
        team = Team.objects.get(pk=obj.pk) if change else Team()
        services.save_team(
            team=team,
            changed_by=acting_person(request),
            name=form.cleaned_data["name"],
            slug=form.cleaned_data["slug"],
            kind=form.cleaned_data["kind"],
            parent=form.cleaned_data["parent"],
        )
        obj.pk = team.pk
