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

from commonplace.people.handles import MAX_HANDLE_LENGTH, base_handle, first_free

MAX_NAME_LENGTH = 150
MAX_BIO_LENGTH = 1000


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
    display_name = models.CharField(_("display name"), max_length=MAX_NAME_LENGTH)
    # What others @mention: unique, lower-case, made from the name on the
    # first save (see commonplace.people.handles).
    handle = models.CharField(
        _("handle"), max_length=MAX_HANDLE_LENGTH, unique=True, editable=False
    )
    job_title = models.CharField(_("job title"), max_length=100, blank=True)
    location = models.CharField(_("location"), max_length=100, blank=True)
    time_zone = models.CharField(_("time zone"), max_length=64, blank=True)
    bio = models.TextField(_("about"), max_length=MAX_BIO_LENGTH, blank=True)
    avatar = models.FileField(_("photo"), upload_to="avatars/", blank=True)
    skills = models.ManyToManyField(
        "topics.Topic",
        blank=True,
        related_name="people_stating",
        verbose_name=_("skills"),
    )
    # Set by administrators (and later by provisioning), never by the person.
    team = models.ForeignKey(
        "people.Team",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="members",
        verbose_name=_("team"),
    )
    manager = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reports",
        verbose_name=_("manager"),
    )
    is_external = models.BooleanField(_("external member"), default=False)
    # The people team: sees every community's name, kind, size and leaders.
    is_community_manager = models.BooleanField(_("community manager"), default=False)
    organisation = models.CharField(_("organisation"), max_length=100, blank=True)

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
        indexes = [
            models.Index(fields=["date_joined", "id"]),
            models.Index(fields=["display_name", "id"]),
        ]

    def __str__(self) -> str:
        return self.display_name or self.email or str(_("Unnamed person"))

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self.handle:
            self.handle = free_handle(self.display_name or (self.email or ""))
        super().save(*args, **kwargs)

    def get_full_name(self) -> str:
        return self.display_name

    def get_short_name(self) -> str:
        return self.display_name.split(" ")[0] if self.display_name else ""

    @property
    def can_sign_in(self) -> bool:
        return bool(self.email) and self.has_usable_password() and self.is_active


def free_handle(name: str) -> str:
    """A handle made from `name` that nobody has yet (one query)."""
    base = base_handle(name.split("@", maxsplit=1)[0])
    taken = User.objects.filter(handle__startswith=base).values_list(
        "handle", flat=True
    )
    return first_free(base, set(taken))


class Team(models.Model):
    """A department or a team inside one; the hierarchy has no cycles."""

    class Kind(models.TextChoices):
        DEPARTMENT = "department", _("Department")
        TEAM = "team", _("Team")

    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(_("short name"), max_length=100, unique=True)
    kind = models.CharField(
        _("kind"), max_length=16, choices=Kind.choices, default=Kind.TEAM
    )
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        verbose_name=_("part of"),
    )

    class Meta:
        verbose_name = _("team")
        verbose_name_plural = _("teams")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(parent=models.F("pk")),
                name="team_not_its_own_parent",
            )
        ]

    def __str__(self) -> str:
        return self.name


FOLLOW_TARGETS = ("person", "topic", "community", "idea")


def _exactly_one_of(fields: tuple[str, ...]) -> models.Q:
    """A condition true when exactly one of `fields` is set."""
    condition = models.Q()
    for chosen in fields:
        others = {f"{name}__isnull": True for name in fields if name != chosen}
        condition |= models.Q(**{f"{chosen}__isnull": False}, **others)
    return condition


class Follow(models.Model):
    """One person following exactly one thing: a person, topic, community or idea.

    One table for every kind of target keeps "what do I follow" one indexed
    query for the home feed; later capabilities add a nullable foreign key
    per kind and extend the check constraint.
    """

    follower = models.ForeignKey(
        "people.User", on_delete=models.CASCADE, related_name="following"
    )
    person = models.ForeignKey(
        "people.User",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="followers",
    )
    topic = models.ForeignKey(
        "topics.Topic",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="followers",
    )
    community = models.ForeignKey(
        "communities.Community",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="followers",
    )
    idea = models.ForeignKey(
        "ideas.Idea",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="followers",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("follow")
        verbose_name_plural = _("follows")
        constraints = [
            models.CheckConstraint(
                condition=_exactly_one_of(FOLLOW_TARGETS),
                name="follow_exactly_one_target",
            ),
            models.CheckConstraint(
                condition=~models.Q(person=models.F("follower")),
                name="follow_not_oneself",
            ),
            models.UniqueConstraint(
                fields=["follower", "person"],
                condition=models.Q(person__isnull=False),
                name="follow_person_once",
            ),
            models.UniqueConstraint(
                fields=["follower", "topic"],
                condition=models.Q(topic__isnull=False),
                name="follow_topic_once",
            ),
            models.UniqueConstraint(
                fields=["follower", "community"],
                condition=models.Q(community__isnull=False),
                name="follow_community_once",
            ),
            models.UniqueConstraint(
                fields=["follower", "idea"],
                condition=models.Q(idea__isnull=False),
                name="follow_idea_once",
            ),
        ]
        indexes = [models.Index(fields=["follower", "-created_at"])]

    def __str__(self) -> str:
        target = self.person or self.topic or self.community or self.idea
        return f"{self.follower} → {target}"
