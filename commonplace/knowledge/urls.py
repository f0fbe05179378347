"""Conversation pages. Mounted at the site root, so every address starts
with its own word (posts/, answers/, comments/, reports/, uploads/,
moderation/); community-scoped pages put the slug after it."""

from django.urls import path, re_path

from commonplace.knowledge.views import (
    bookmarks,
    history,
    mentions,
    moderation,
    posts,
    replies,
)

app_name = "knowledge"

# posts|answers|comments: what a reaction or a report is about.
TARGET = r"(?P<target>posts|answers|comments)/(?P<pk>[0-9]+)"

urlpatterns = [
    path("posts/new/<slug:slug>/", posts.new_post, name="new-post"),
    path("posts/<int:pk>/", posts.post_detail, name="post"),
    path("posts/<int:pk>/edit/", posts.edit_post, name="edit-post"),
    path("posts/<int:pk>/bookmark/", bookmarks.bookmark, name="bookmark"),
    path("posts/<int:pk>/unbookmark/", bookmarks.unbookmark, name="unbookmark"),
    path("bookmarks/", bookmarks.bookmarks, name="bookmarks"),
    path(
        "mentions/<slug:slug>/",
        mentions.mention_suggestions,
        name="mention-suggestions",
    ),
    path("posts/<int:pk>/delete/", replies.delete_post, name="delete-post"),
    path("posts/<int:pk>/history/", history.post_history, name="history"),
    path("posts/<int:pk>/answers/", replies.answer, name="answer"),
    path("posts/<int:pk>/comments/", replies.comment, name="comment"),
    path("posts/<int:pk>/accept/<int:answer_id>/", replies.accept, name="accept"),
    path("posts/<int:pk>/unaccept/", replies.unaccept, name="unaccept"),
    path("answers/<int:pk>/edit/", replies.edit_answer, name="edit-answer"),
    path("answers/<int:pk>/delete/", replies.delete_answer, name="delete-answer"),
    path("answers/<int:pk>/history/", history.answer_history, name="answer-history"),
    path("comments/<int:pk>/edit/", replies.edit_comment, name="edit-comment"),
    path("comments/<int:pk>/delete/", replies.delete_comment, name="delete-comment"),
    path("comments/<int:pk>/history/", history.comment_history, name="comment-history"),
    re_path(rf"^{TARGET}/react/$", replies.react, name="react"),
    re_path(rf"^{TARGET}/report/$", replies.report, name="report"),
    path("reports/<int:pk>/", moderation.decide_report, name="decide-report"),
    path("moderation/<slug:slug>/", moderation.moderation, name="moderation"),
    path("uploads/<int:pk>/", posts.upload, name="upload"),
]
