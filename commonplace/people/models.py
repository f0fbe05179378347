"""People: everyone who contributes, whether or not they can sign in."""

from __future__ import annotations

from typing import Any, ClassVar

from django.contrib.auth.models import (
    AbstractBaseUser,
    BaseUserManager,
    PermissionsMixin,
)
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(
        self, email: str | None = None, password: str | None = None, **fields: Any
    ) -> User:
        """A person; with no e-mail and no password they cannot sign in."""
        user = self.model(email=self.normalize_email(email) or None, **fields)
        user.set_password(password)  # None makes the password unusable
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str, **fields: Any) -> User:
        fields.update(is_staff=True, is_superuser=True)
        return self.create_user(email, password, **fields)

    def get_by_natural_key(self, username: str | None) -> User:
        return self.get(email=self.normalize_email(username))

    @classmethod
    def normalize_email(cls, email: str | None) -> str:
        """Lower-case the whole address: people type it in every case."""
        return (email or "").strip().lower()


class User(AbstractBaseUser, PermissionsMixin):
    """A person in the organisation.

    E-mail is unique when present and may be absent: people imported from
    another system exist, with their contributions, before anyone claims
    them with an address and a password.
    """

    # unique=True lets Django's auth treat the address as the natural key;
    # the constraint below also rules out the same address in another case.
    email = models.EmailField(_("e-mail address"), unique=True, null=True, blank=True)
    display_name = models.CharField(_("display name"), max_length=150)
    time_zone = models.CharField(_("time zone"), max_length=64, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    is_staff = models.BooleanField(_("administrator"), default=False)
    date_joined = models.DateTimeField(_("joined"), default=timezone.now)

    objects: ClassVar[UserManager] = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["display_name"]

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                name="people_user_email_unique",
                condition=models.Q(email__isnull=False),
                violation_error_message=_("Someone already uses this e-mail address."),
            ),
        ]
        indexes = [models.Index(fields=["date_joined", "id"])]

    def __str__(self) -> str:
        return self.display_name or self.email or str(_("Unnamed person"))

    def get_full_name(self) -> str:
        return self.display_name

    def get_short_name(self) -> str:
        return self.display_name.split(" ")[0] if self.display_name else ""

    @property
    def can_sign_in(self) -> bool:
        return bool(self.email) and self.has_usable_password() and self.is_active
