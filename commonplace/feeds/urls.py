from django.urls import path

from commonplace.feeds import views

app_name = "feeds"

urlpatterns = [
    path("", views.home, name="home"),
    path("unanswered/", views.unanswered, name="unanswered"),
]
