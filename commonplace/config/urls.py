"""The site's URL map: each app mounts its own `urls.py` here."""

from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from commonplace.api.api import api

admin.site.site_header = _("Commonplace administration")
admin.site.site_title = _("Commonplace administration")
admin.site.index_title = _("Administration")

urlpatterns = [
    path("", include("commonplace.feeds.urls")),
    path("notifications/", include("commonplace.notifications.urls")),
    path("accounts/", include("commonplace.accounts.urls")),
    path("", include("commonplace.people.urls")),
    path("topics/", include("commonplace.topics.urls")),
    path("communities/", include("commonplace.communities.urls")),
    path("search/", include("commonplace.search.urls")),
    # At the root: /expertise/... and the directory at /people/knows/.
    path("", include("commonplace.expertise.urls")),
    path("", include("commonplace.knowledge.urls")),
    # At the root: /communities/<slug>/ideas/..., /ideas/<pk>/, /decisions/<pk>/.
    path("", include("commonplace.ideas.urls")),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
]

if settings.BENCH_FLOORS:
    urlpatterns.append(path("bench/", include("commonplace.web.floors")))

handler400 = "commonplace.web.views.bad_request"
handler403 = "commonplace.web.views.permission_denied"
handler404 = "commonplace.web.views.page_not_found"
handler500 = "commonplace.web.views.server_error"
