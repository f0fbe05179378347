from django.urls import path

from commonplace.topics import views

app_name = "topics"

urlpatterns = [
    path("", views.topic_index, name="index"),
    # Before the topic pages: naming.RESERVED_SLUGS keeps topics off it.
    path("suggest/", views.topic_suggestions, name="suggest"),
    path("<str:slug>/", views.topic_detail, name="detail"),
]
