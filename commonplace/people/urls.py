from django.urls import path

from commonplace.people import views

app_name = "people"

urlpatterns = [
    path("people/", views.directory, name="directory"),
    path("people/<int:pk>/", views.person_detail, name="person"),
    path("people/<int:pk>/followers/", views.followers, name="followers"),
    path("people/<int:pk>/follow/", views.follow, name="follow"),
    path("people/<int:pk>/unfollow/", views.unfollow, name="unfollow"),
    path("people/<int:pk>/avatar/", views.avatar, name="avatar"),
    # Topic slugs may hold any letter (allow_unicode), hence <str:>.
    path("following/topics/<str:slug>/", views.follow_topic, name="follow-topic"),
    path(
        "following/topics/<str:slug>/unfollow/",
        views.unfollow_topic,
        name="unfollow-topic",
    ),
    path("profile/", views.profile_edit, name="profile-edit"),
    path("teams/", views.teams, name="teams"),
    path("teams/<slug:slug>/", views.team_detail, name="team"),
]
