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


ACCESS_TOKEN_NAME_LENGTH = 100
ACCESS_TOKEN_PREFIX_LENGTH = 8
# The lifetimes a person may choose, in days; None is "never expires".
ACCESS_TOKEN_EXPIRY_DAYS = (7, 30, 90, 365)


class AccessToken(models.Model):
    """A personal access token: a script acting as the person, in the API.

    Only a hash of the secret is stored; the secret is shown once, when the
    token is made. The first characters are kept so people can tell their
    tokens apart. A token ends when it expires, when its owner revokes it,
    changes their password or is deactivated.
    """

    person = models.ForeignKey(
        "people.User",
        on_delete=models.CASCADE,
        related_name="access_tokens",
        verbose_name=_("person"),
    )
    name = models.CharField(
        _("name"),
        max_length=ACCESS_TOKEN_NAME_LENGTH,
        help_text=_("What the token is for, e.g. the script that uses it."),
    )
    prefix = models.CharField(
        _("prefix"), max_length=ACCESS_TOKEN_PREFIX_LENGTH, editable=False
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        verbose_name = _("access token")
        verbose_name_plural = _("access tokens")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(
                fields=["person", "-created_at", "-id"],
                name="accesstoken_person_newest",
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def revoked(self) -> bool:
        return self.revoked_at is not None

    @property
    def is_expired(self) -> bool:
        return self.expires_at is not None and self.expires_at <= timezone.now()

    @property
    def is_live(self) -> bool:
        return not self.revoked and not self.is_expired
