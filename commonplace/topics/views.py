"""Topic pages: the list of topics, a topic's page, name suggestions."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_safe

from commonplace.knowledge import selectors as knowledge_selectors
from commonplace.people import selectors as people_selectors
from commonplace.topics import selectors
from commonplace.topics.forms import TopicSearchForm


@require_safe
@login_required
def topic_index(request: HttpRequest) -> HttpResponse:
    """The topics in use, by name, with how many people state each."""
    form = TopicSearchForm(request.GET)
    prefix = form.name_start()
    page = selectors.topic_index(
        request.user, prefix=prefix, cursor=request.GET.get("cursor")
    )
    context = {"form": form, "page": page, "prefix": prefix}
    return render(request, "topics/topic_list.html", context)


@require_safe
@login_required
def topic_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """A topic, its synonyms, the people who state it and the posts on it.

    A merged synonym's address sends the reader on to the surviving topic,
    so links written before the merge keep working.
    """
    topic = selectors.access_visible_topic(request.user, slug)
    if topic.slug != slug:
        return redirect("topics:detail", slug=topic.slug)
    people = people_selectors.people_stating(
        request.user, topic, cursor=request.GET.get("cursor")
    )
    # Posts page on their own cursor, so both lists can be read further.
    posts = knowledge_selectors.topic_posts(
        request.user, topic, cursor=request.GET.get("posts_cursor")
    )
    context = {
        "topic": topic,
        "people": people,
        "posts": posts,
        "is_following": people_selectors.is_following(request.user, topic=topic),
    }
    return render(request, "topics/topic_detail.html", context)


@require_safe
@login_required
def topic_suggestions(request: HttpRequest) -> HttpResponse:
    """`<option>`s for the topic names starting with `q`, for a `<datalist>`."""
    topics = selectors.topic_suggestions(request.user, request.GET.get("q", ""))
    return render(request, "topics/topic_suggestions.html", {"topics": topics})
