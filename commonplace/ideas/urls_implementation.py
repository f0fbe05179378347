"""Implementation pages: owners, plan steps, updates, impact and the funnel."""

from django.urls import path

from commonplace.ideas.views import funnel, implementation

urlpatterns = [
    path("ideas/<int:pk>/owners/", implementation.owners, name="owners"),
    path("ideas/<int:pk>/steps/", implementation.steps, name="steps"),
    path("ideas/<int:pk>/steps/<int:step_pk>/", implementation.step, name="step"),
    path("ideas/<int:pk>/updates/", implementation.update, name="update"),
    path("ideas/<int:pk>/impact/", implementation.impact, name="impact"),
    path("communities/<slug:slug>/ideas/funnel/", funnel.funnel_page, name="funnel"),
    path(
        "communities/<slug:slug>/ideas/funnel.csv",
        funnel.funnel_csv,
        name="funnel-csv",
    ),
]
