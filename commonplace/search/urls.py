from django.urls import path

from commonplace.search import views

app_name = "search"

urlpatterns = [
    path("", views.search_results, name="results"),
    path("suggest/", views.suggestions, name="suggest"),
    path("similar/", views.similar, name="similar"),
]
