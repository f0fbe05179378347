"""Template helpers shared by every page."""

from datetime import UTC, datetime, timedelta

from django import template
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.timesince import timesince
from django.utils.translation import ngettext

register = template.Library()


@register.simple_tag
def timestamp(moment: datetime | None, style: str = "DATETIME_FORMAT") -> str:
    """`<time>` for `moment`, shown in the viewer's zone, machine-readable.

    The visible text follows the active language's format; `datetime` holds
    the exact instant in UTC so assistive tech and scripts read it exactly.
    """
    if moment is None:
        return ""
    local = timezone.localtime(moment)
    return format_html(
        '<time datetime="{}" title="{}">{}</time>',
        moment.astimezone(UTC).isoformat().replace("+00:00", "Z"),
        date_format(local, "DATETIME_FORMAT") + local.strftime(" %Z"),
        date_format(local, style),
    )


@register.filter
def duration_words(length: timedelta | None) -> str:
    """A length of time as people say it: "2 hours, 5 minutes"."""
    if length is None:
        return ""
    if length < timedelta(minutes=1):
        return ngettext("%(count)d second", "%(count)d seconds", length.seconds) % {
            "count": length.seconds
        }
    now = timezone.now()
    return timesince(now - length, now)
