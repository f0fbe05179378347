from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    """Search: one box for posts, people, communities and topics."""

    name = "commonplace.search"
    label = "search"
    verbose_name = _("Search")

    def ready(self) -> None:
        # Each app registers what it makes searchable in `<app>/searching.py`.
        autodiscover_modules("searching")
