"""Topics: the one vocabulary shared by skills, posts, expertise and ideas."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Topic(models.Model):
    """A subject people know about or talk about.

    `key` is the normalised name ("Machine-Learning " and "machine learning"
    share one); a topic merged into another stays as its synonym, so old
    links and typed names still land on the surviving topic.
    """

    name = models.CharField(_("name"), max_length=50)
    key = models.CharField(max_length=50, unique=True, editable=False)
    slug = models.SlugField(
        max_length=80, unique=True, editable=False, allow_unicode=True
    )
    description = models.TextField(_("description"), max_length=500, blank=True)
    merged_into = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="synonyms",
        verbose_name=_("merged into"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        ordering = ["key"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(merged_into=models.F("pk")),
                name="topic_not_merged_into_itself",
            )
        ]

    def __str__(self) -> str:
        return self.name
