"""Expertise pages, mounted at the site's root: each route carries its own
prefix, so the directory of who knows what sits beside the people
directory (/people/knows/) and the fragments under /expertise/."""

from django.urls import path

from commonplace.expertise.views import asking, finding

app_name = "expertise"

urlpatterns = [
    path("expertise/suggestions/", finding.suggestions, name="suggestions"),
    path("people/knows/", finding.directory, name="directory"),
    path("expertise/questions/<int:pk>/help/", asking.help_panel, name="help"),
    path(
        "expertise/questions/<int:pk>/help/ask/",
        asking.request_help,
        name="request",
    ),
    path(
        "expertise/questions/<int:pk>/help/community/",
        asking.ask_community,
        name="ask-community",
    ),
    path("expertise/requests/", asking.requests_page, name="requests"),
    path(
        "expertise/requests/<int:pk>/decline/",
        asking.decline,
        name="decline",
    ),
    path("communities/<slug:slug>/routing/", asking.routing, name="routing"),
]
