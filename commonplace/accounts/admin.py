"""Sign-up policy and invitations in the administration pages.

Both change only through the services, which check the policy and write
the audit log.
"""

from django import forms
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from commonplace.accounts import services
from commonplace.accounts.models import Invitation, SignupPolicy
from commonplace.core.admin import acting_person
from commonplace.core.errors import InvalidInput


class ServiceForm(forms.ModelForm):
    """A form whose values a service checks; its objections become field errors."""

    def check_with_service(self, call) -> None:
        try:
            call()
        except InvalidInput as error:
            for field, problems in error.fields.items():
                self.add_error(field if field in self.fields else None, problems)
            if not error.fields:
                self.add_error(None, str(error.message))


class SignupPolicyForm(ServiceForm):
    class Meta:
        model = SignupPolicy
        fields = ["mode", "allowed_domains"]

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        self.check_with_service(
            lambda: services.check_signup_policy(
                mode=str(data.get("mode", "")),
                allowed_domains=str(data.get("allowed_domains", "")),
            )
        )
        return data


@admin.register(SignupPolicy)
class SignupPolicyAdmin(admin.ModelAdmin):
    form = SignupPolicyForm
    list_display = ["__str__", "allowed_domains"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return not SignupPolicy.objects.exists()

    def has_delete_permission(
        self, request: HttpRequest, obj: SignupPolicy | None = None
    ) -> bool:
        return False

    def save_model(
        self,
        request: HttpRequest,
        obj: SignupPolicy,
        form: forms.ModelForm,
        change: bool,
    ) -> None:
        policy = services.set_signup_policy(
            mode=form.cleaned_data["mode"],
            allowed_domains=form.cleaned_data["allowed_domains"],
            changed_by=acting_person(request),
        )
        obj.pk = policy.pk


class InvitationForm(ServiceForm):
    class Meta:
        model = Invitation
        fields = ["email"]

    def clean_email(self) -> str:
        email = self.cleaned_data["email"]
        self.check_with_service(lambda: services.check_invitable(email))
        return email


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    form = InvitationForm
    list_display = ["email", "invited_by", "created_at", "expires_at", "status"]
    search_fields = ["email"]
    list_select_related = ["invited_by", "accepted_by"]
    actions = ["revoke"]

    @admin.display(description=_("status"))
    def status(self, invitation: Invitation) -> str:
        if invitation.accepted_at:
            return str(_("accepted"))
        if invitation.expires_at <= timezone.now():
            return str(_("expired"))
        return str(_("waiting"))

    def has_change_permission(
        self, request: HttpRequest, obj: Invitation | None = None
    ) -> bool:
        return False

    def has_delete_permission(
        self, request: HttpRequest, obj: Invitation | None = None
    ) -> bool:
        return False

    def save_model(
        self, request: HttpRequest, obj: Invitation, form: forms.ModelForm, change: bool
    ) -> None:
        invitation = services.invite_person(
            email=form.cleaned_data["email"], invited_by=acting_person(request)
        )
        obj.pk = invitation.pk

    @admin.action(description=_("Revoke the selected invitations"))
    def revoke(self, request: HttpRequest, queryset: QuerySet[Invitation]) -> None:
        for invitation in queryset:
            services.revoke_invitation(
                invitation=invitation, revoked_by=acting_person(request)
            )
        count = queryset.count()
        message = ngettext(
            "%(count)d invitation revoked.", "%(count)d invitations revoked.", count
        )
        messages.success(request, message % {"count": count})
