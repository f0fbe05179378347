"""Idea pages, mounted at the site's root: a community's ideas, stages and
decisions under /communities/<slug>/, an idea and a decision at their own
addresses."""

from django.urls import path

from commonplace.ideas import urls_evaluation, urls_implementation
from commonplace.ideas.views import decisions, ideas, moves, stages

app_name = "ideas"

urlpatterns = [
    path("communities/<slug:slug>/ideas/", ideas.idea_list, name="list"),
    path("communities/<slug:slug>/ideas/new/", ideas.propose, name="propose"),
    path("communities/<slug:slug>/ideas/similar/", ideas.similar, name="similar"),
    path("communities/<slug:slug>/ideas/stages/", stages.stages, name="stages"),
    path(
        "communities/<slug:slug>/ideas/stages/<int:pk>/",
        stages.stage,
        name="stage",
    ),
    path(
        "communities/<slug:slug>/decisions/", decisions.decision_list, name="decisions"
    ),
    path("ideas/<int:pk>/", ideas.idea_detail, name="idea"),
    path("ideas/<int:pk>/edit/", ideas.edit, name="edit"),
    path("ideas/<int:pk>/support/", ideas.support, name="support"),
    path("ideas/<int:pk>/follow/", ideas.follow, name="follow"),
    path("ideas/<int:pk>/move/", moves.move, name="move"),
    path("ideas/<int:pk>/supporters/", ideas.supporter_list, name="supporters"),
    path("ideas/<int:pk>/versions/<int:number>/", ideas.version, name="version"),
    path("decisions/<int:pk>/", decisions.decision_detail, name="decision"),
]
urlpatterns += urls_evaluation.urlpatterns + urls_implementation.urlpatterns
