"""Evaluation pages: criteria, evaluators, scoring and the board."""

from django.urls import URLPattern, path

from commonplace.ideas.views import evaluation

urlpatterns: list[URLPattern] = [
    path(
        "communities/<slug:slug>/ideas/criteria/",
        evaluation.criteria,
        name="criteria",
    ),
    path(
        "communities/<slug:slug>/ideas/criteria/<int:pk>/",
        evaluation.criterion,
        name="criterion",
    ),
    path("communities/<slug:slug>/ideas/board/", evaluation.board, name="board"),
    path(
        "communities/<slug:slug>/ideas/stages/<int:pk>/evaluators/",
        evaluation.stage_evaluators,
        name="stage-evaluators",
    ),
    path("ideas/<int:pk>/evaluators/", evaluation.evaluators, name="evaluators"),
    path("ideas/<int:pk>/score/", evaluation.score, name="score"),
]
