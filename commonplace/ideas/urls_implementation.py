"""Implementation pages: owners, plan steps, updates, impact and the funnel."""

urlpatterns: list = []
