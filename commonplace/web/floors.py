"""The floors the benchmark measures pages against (quality.md §1).

L1 is a plain-text view through the project's middleware; L2 ("fortunes")
reads 12 rows with the ORM, adds one, sorts them and renders an escaped
template. Pages are reported as ratios to L2 measured in the same run, so
a noisy machine does not pass for a slow page. Mounted under /bench/ only
when COMMONPLACE_BENCH_FLOORS is set outside production (settings), so a
site never serves them; they show topic names, which every signed-in
person may read, and nothing else.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path

from commonplace.topics.models import Topic

ADDED = "A fortune added while answering: <script>alert('escaped')</script>"


def plain(request: HttpRequest) -> HttpResponse:
    return HttpResponse(b"Hello, World!", content_type="text/plain")


def fortunes(request: HttpRequest) -> HttpResponse:
    rows = list(Topic.objects.order_by("pk").values_list("pk", "name")[:12])
    rows.append((0, ADDED))
    rows.sort(key=lambda row: row[1])
    return render(request, "web/fortunes.html", {"fortunes": rows})


app_name = "floors"
urlpatterns = [
    path("plain/", plain, name="plain"),
    path("fortunes/", fortunes, name="fortunes"),
]
