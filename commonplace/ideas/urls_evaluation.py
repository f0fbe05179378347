"""Evaluation pages: criteria, evaluators, scoring and the board."""

urlpatterns: list = []
