from django.urls import path

from commonplace.expertise import views

app_name = "expertise"

urlpatterns = [
    path("suggestions/", views.suggestions, name="suggestions"),
]
