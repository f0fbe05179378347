"""Posts: starting one, reading one with its answers and comments, editing it,
and the images uploaded for posts.

A post the viewer may not read answers with the same 404 as a missing one.
A removed post keeps its place with a marker saying why; only moderators
still see its text.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods, require_safe

from commonplace import permissions
from commonplace.communities import selectors as community_selectors
from commonplace.communities.models import Community
from commonplace.core.errors import InvalidInput, NotFound
from commonplace.core.pagination import Page
from commonplace.core.uploads import PayloadTooLarge
from commonplace.expertise import selectors as expertise_selectors
from commonplace.expertise.forms import AskForm
from commonplace.expertise.models import HelpRequest
from commonplace.ideas import selectors as ideas_selectors
from commonplace.knowledge import selectors, services
from commonplace.knowledge.forms import AnswerForm, CommentForm, PostForm
from commonplace.knowledge.models import Answer, Comment, Post, PostKind, Upload
from commonplace.knowledge.views.common import add_errors, decorate, written
from commonplace.people import selectors as people_selectors
from commonplace.people.models import User
from commonplace.web.viewing import page_cursor, signed_in

UPLOAD_CACHE_CONTROL = "private, max-age=3600"


def _image_markdown(upload: Upload) -> str:
    return f"![image](/uploads/{upload.pk}/)"


def _with_image(request: HttpRequest, upload: Upload) -> PostForm:
    """The form as posted, its text ending with the uploaded image."""
    data = request.POST.copy()
    body = data.get("body", "").rstrip()
    data["body"] = f"{body}\n\n{_image_markdown(upload)}".lstrip()
    return PostForm(data)


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def new_post(request: HttpRequest, slug: str) -> HttpResponse:
    """Start a thread in a community: members and above; guests only reply."""
    viewer = signed_in(request)
    community = community_selectors.access_readable_community(viewer, slug)
    permissions.require(viewer, "community.start_thread", community)
    status = 200
    form = PostForm(initial={"kind": request.GET.get("kind") or PostKind.DISCUSSION})
    if request.method == "POST":
        form, post, status = _submit_post(request, viewer, community)
        if post is not None:
            return written(request, viewer, post)
    context = {
        "form": form,
        "community": community,
        "post": None,
        "asked_for_help": _asked_for_help(request),
    }
    return render(request, "knowledge/post_form.html", context, status=status)


def _asked_for_help(request: HttpRequest) -> list[int]:
    """The people ticked to ask for help, kept ticked when the form returns."""
    ticked = AskForm(request.POST if request.method == "POST" else None)
    return ticked.cleaned_data["ask_for_help"] if ticked.is_valid() else []


def _helpers(request: HttpRequest, viewer: User, form: PostForm) -> list[User]:
    """The people to ask as the question is posted, if it is one; ids the
    viewer may not see count as a refusal, never as nobody."""
    if form.cleaned_data["kind"] != PostKind.QUESTION:
        return []
    ids = AskForm(request.POST).checked()["ask_for_help"]
    return expertise_selectors.people_to_ask(viewer, ids)


def _submit_post(
    request: HttpRequest, viewer: User, community: Community
) -> tuple[PostForm, Post | None, int]:
    """Upload the image (if any), then create the post unless only uploading."""
    form = PostForm(request.POST, request.FILES)
    if not form.is_valid():
        return form, None, 400
    image = form.cleaned_data.get("image")
    if image is not None:
        try:
            upload = services.upload_image(
                community=community, uploaded_by=viewer, upload=image
            )
        except (InvalidInput, PayloadTooLarge) as error:
            add_errors(form, error)
            return form, None, error.status_code
        form = _with_image(request, upload)
        form.is_valid()
    if request.POST.get("action") == "upload":
        return form, None, 200
    try:
        post = services.create_post(
            community=community,
            author=viewer,
            kind=form.cleaned_data["kind"],
            title=form.cleaned_data["title"],
            summary=form.cleaned_data["summary"],
            body=form.cleaned_data["body"],
            topics=form.topic_names(),
            ask_for_help=_helpers(request, viewer, form),
        )
    except InvalidInput as error:
        add_errors(form, error)
        return form, None, error.status_code
    return form, post, 302


@require_safe
@login_required
def post_detail(request: HttpRequest, pk: int) -> HttpResponse:
    viewer = signed_in(request)
    post = selectors.access_post(viewer, pk)
    services.record_view(post.pk)
    return post_page(request, viewer, post)


def post_page(
    request: HttpRequest,
    viewer: User,
    post: Post,
    *,
    status: int = 200,
    answer_form: AnswerForm | None = None,
    comment_form: CommentForm | None = None,
) -> HttpResponse:
    """The post, its comments and (for a question) its answers.

    A refused answer or comment comes back here with its form bound, so
    what was typed stays.
    """
    context = _post_context(request, viewer, post, answer_form, comment_form)
    # A thread started for an idea or a decision links back to it.
    context["discusses"] = ideas_selectors.discussed_in(post)
    return render(request, "knowledge/post_detail.html", context, status=status)


def _comment_form(owner: Post | Answer, bound: CommentForm | None) -> CommentForm:
    """The comment form under a post or an answer, with ids of its own."""
    owner_kind = "answer" if isinstance(owner, Answer) else "post"
    answer_id = owner.pk if isinstance(owner, Answer) else None
    if bound is not None and bound.data.get("answer", "") == str(answer_id or ""):
        return bound
    return CommentForm(
        initial={"answer": answer_id}, auto_id=f"comment-{owner_kind}-{owner.pk}-%s"
    )


def _post_context(
    request: HttpRequest,
    viewer: User,
    post: Post,
    answer_form: AnswerForm | None,
    comment_form: CommentForm | None,
) -> dict[str, Any]:
    community = post.community
    moderates = permissions.can(viewer, "community.moderate", community)
    comments = selectors.post_comments(post)
    answers: Page[Answer] = Page(items=[], next_cursor=None)
    if post.kind == PostKind.QUESTION:
        answers = selectors.question_answers(viewer, post, cursor=page_cursor(request))
    every_comment: list[Comment] = list(comments)
    for answer in answers.items:
        # Already known: saves a query per answer when the policy asks.
        answer.post = post
        for comment in answer.comment_list:  # type: ignore[attr-defined]
            comment.post = post
        every_comment.extend(answer.comment_list)  # type: ignore[attr-defined]
    for comment in comments:
        comment.post = post
    mine = selectors.my_reactions(viewer, post, answers.items, every_comment)
    shown: list[Post | Answer | Comment] = [post, *answers.items, *every_comment]
    for item in shown:
        decorate(viewer, item, mine, moderates)
    may_reply = not post.is_removed and permissions.can(
        viewer, "community.reply", community
    )
    for answer in answers.items:
        answer.comment_form = _comment_form(answer, comment_form)  # type: ignore[attr-defined]
    return {
        "post": post,
        "community": community,
        "topics": list(post.topics.all()),
        "comments": comments,
        "answers": answers,
        "moderates": moderates,
        "may_reply": may_reply,
        "may_answer": may_reply and post.kind == PostKind.QUESTION,
        "may_accept": post.kind == PostKind.QUESTION
        and permissions.can(viewer, "answer.accept", post),
        "answer_form": answer_form or AnswerForm(auto_id="answer-%s"),
        "comment_form": _comment_form(post, comment_form),
        "can_browse_topics": people_selectors.can_browse_directory(viewer),
        "bookmarked": post.pk in selectors.bookmarked_among(viewer, [post]),
        "links": selectors.links_of(viewer, post),
        **_help_context(request, viewer, post),
    }


def _help_context(request: HttpRequest, viewer: User, post: Post) -> dict[str, Any]:
    """The request for help the viewer came by (its notification links
    here with ?help=), and whether they may ask others: an open question's
    asker and moderators, whose panel loads on its own."""
    if post.kind != PostKind.QUESTION or post.is_removed:
        return {}
    shown = request.GET.get("help", "")
    return {
        "help_request": expertise_selectors.request_of(viewer, post, int(shown))
        if shown.isdigit()
        else None,
        "help_reasons": HelpRequest.Decline.choices,
        "may_ask_for_help": post.accepted_answer_id is None
        and permissions.can(viewer, "question.request_help", post),
    }


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def edit_post(request: HttpRequest, pk: int) -> HttpResponse:
    viewer = signed_in(request)
    post = selectors.access_post(viewer, pk)
    permissions.require(viewer, "contribution.edit", post)
    status = 200
    if request.method == "POST":
        form = PostForm(request.POST, editing=True)
        status = 400
        if form.is_valid():
            try:
                services.edit_post(
                    post=post,
                    edited_by=viewer,
                    title=form.cleaned_data["title"],
                    summary=form.cleaned_data["summary"],
                    body=form.cleaned_data["body"],
                    topics=form.topic_names(),
                )
            except InvalidInput as error:
                add_errors(form, error)
                status = error.status_code
            else:
                return written(request, viewer, post)
    else:
        initial = {
            "title": post.title,
            "summary": post.summary,
            "body": post.body_source,
            "topics": ", ".join(topic.name for topic in post.topics.all()),
        }
        form = PostForm(initial=initial, editing=True)
    context = {"form": form, "community": post.community, "post": post}
    return render(request, "knowledge/post_form.html", context, status=status)


@require_safe
@login_required
def upload(request: HttpRequest, pk: int) -> FileResponse:
    """An uploaded image, to those who may read its community; else 404."""
    stored = selectors.access_upload(signed_in(request), pk)
    try:
        image = stored.file.open("rb")
    except OSError:
        raise NotFound from None
    response = FileResponse(image, content_type="image/webp")
    response["Cache-Control"] = UPLOAD_CACHE_CONTROL
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'"
    return response
