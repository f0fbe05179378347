"""Who may create an account, and the invitations that admit people."""

from __future__ import annotations

from datetime import timedelta

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

INVITATION_LIFETIME = timedelta(days=14)


class SignupPolicy(models.Model):
    """The organisation's one sign-up policy, chosen by administrators."""

    class Mode(models.TextChoices):
        OPEN = "open", _("Anyone may sign up")
        INVITE_ONLY = "invite_only", _("Only invited people may sign up")
        DOMAINS = "domains", _("Addresses at the listed domains may sign up")

    mode = models.CharField(
        _("sign-up"), max_length=16, choices=Mode.choices, default=Mode.OPEN
    )
    allowed_domains = models.TextField(
        _("allowed domains"),
        blank=True,
        help_text=_("One per line or separated by commas, e.g. example.com"),
    )

    class Meta:
        verbose_name = _("sign-up policy")
        verbose_name_plural = _("sign-up policy")

    def __str__(self) -> str:
        return str(self.get_mode_display())

    @property
    def domains(self) -> list[str]:
        return [
            part.strip().lower().lstrip("@")
            for part in self.allowed_domains.replace(",", "\n").splitlines()
            if part.strip()
        ]


class Invitation(models.Model):
    """An invitation for one address: single use, valid for 14 days.

    Only a hash of the token is stored, so a leaked database does not hand
    out working links.
    """

    email = models.EmailField(_("e-mail address"))
    # Set when the invitation mail is sent: the token exists only in the mail.
    token_hash = models.CharField(
        max_length=64, unique=True, null=True, blank=True, editable=False
    )
    invited_by = models.ForeignKey(
        "people.User", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        "people.User",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.email

    @property
    def is_usable(self) -> bool:
        return self.accepted_at is None and self.expires_at > timezone.now()
