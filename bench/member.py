"""The person the HTTP bench signs in as, and the requests it makes.

Run inside Commonplace (`python -m commonplace shell -c`), on the bench's
own copy of a data set: picks a member with the median number of
communities, signs them in, finds a community of theirs, its busiest
question (closest to 50 answers), and prints, as one JSON line, the
cookies and each scenario's request with the number of queries it makes
(measured here, once, with the test client). Creating a post is also
prepared in a community of 10 members and one of everyone, so the bench
can show that a write costs the same whatever the audience.

The searches' words come from the data set itself, the same way at every
size: among the titles of the newest posts the member may read, the two
words most often found together (the most frequent word, then the word
most frequent beside it) and the most frequent pair of adjacent words, as
a phrase; stop words, short words and numbers left out. The filtered
search takes its two words the same way from the answered posts of the
member's community, and asks for answered posts there.

The question for "people who can likely help" is chosen the same way:
the two words most often found together in the titles of the newest
questions of the member's community; the newest of those questions whose
title holds both is typed in full (title, body, topics) as a new question
there, as someone asking it again would. It is sent as the question form
sends it while typing (the htmx fragment, POSTed with the CSRF token) and
as the API's GET.

`profile(NAME)` runs one scenario's request in-process under cProfile
(after one request to warm up) and prints where its time goes.
"""

from __future__ import annotations

import cProfile
import itertools
import json
import pstats
import statistics
import sys
import time
from collections import Counter
from collections.abc import Iterable
from urllib.parse import urlencode

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Count, QuerySet
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse

from commonplace.communities.models import Community, Kind, Membership, Visibility
from commonplace.knowledge import services
from commonplace.knowledge.models import Post, PostKind
from commonplace.knowledge.selectors import readable_posts
from commonplace.people.models import User
from commonplace.search.query import STOP_WORDS, WORD, fold

QUESTION_ANSWERS = 50
# Titles the search words are chosen from: the member's newest readable.
TITLES_SAMPLED = 5_000
SHORTEST_WORD = 3
SMALL_AUDIENCE = 10
# The form a person sends to start a thread: Markdown to render and sanitise.
NEW_POST = {
    "kind": PostKind.DISCUSSION,
    "title": "Measuring how long starting a thread takes",
    "summary": "",
    "body": (
        "We time **every** step: the form, the *Markdown*, the sanitiser and "
        "the task row.\n\n- one\n- two\n\n```\ncode stays code\n```\n"
        "See [the guide](https://example.com/guide)."
    ),
    "topics": "",
}


def member() -> User:
    people = (
        User.objects.filter(is_active=True, is_staff=False)
        .annotate(communities=Count("memberships"))
        .filter(communities__gt=0)
        .order_by("communities", "pk")
    )
    return people[people.count() // 2]


def pages(community: Community) -> dict[str, str]:
    """What the member reads in `community`, theirs: each scenario's path."""
    question = _long_question(community)
    return {
        "home feed": reverse("feeds:home"),
        "community feed": reverse("communities:detail", args=[community.slug]),
        "question page": reverse("knowledge:post", args=[question.pk]),
        "JSON list": reverse("api:community-posts", args=[community.slug]),
        "JSON object": reverse("api:post", args=[question.pk]),
        "notification poll": reverse("notifications:badge"),
    }


def busiest_community(person: User) -> Community:
    community = (
        Community.objects.filter(memberships__person=person)
        .annotate(written=Count("posts"))
        .order_by("-written", "pk")
        .first()
    )
    if community is None:
        raise SystemExit(f"{person} belongs to no community with posts")
    return community


@transaction.atomic
def _long_question(community: Community) -> Post:
    """A question of `community` with 50 answers, each with comments: the
    busiest one if it has that many, else one written here (once) by the
    community's members, through the services, as people would."""
    busiest = (
        Post.objects.filter(community=community, kind=PostKind.QUESTION)
        .order_by("-answer_count", "pk")
        .first()
    )
    if busiest is not None and busiest.answer_count >= QUESTION_ANSWERS:
        return busiest
    members = list(
        User.objects.filter(memberships__community=community, is_active=True).order_by(
            "pk"
        )[: QUESTION_ANSWERS + 1]
    )
    asker, answerers = members[0], members[1:] or members
    question = services.create_post(
        community=community,
        author=asker,
        kind=PostKind.QUESTION,
        title="Why does the nightly export stop halfway through?",
        body="It stops at about *half* the rows, with no error in the log.",
    )
    for number in range(QUESTION_ANSWERS):
        author = answerers[number % len(answerers)]
        answer = services.post_answer(
            question=question,
            author=author,
            body=f"Check the **timeout** first (number {number + 1}): "
            "`statement_timeout` is the usual one.",
        )
        for reply in ("Tried that, same result.", "This fixed it for us."):
            services.add_comment(post=question, answer=answer, author=asker, body=reply)
    return question


def _words(title: str) -> list[str | None]:
    """A title's words as the index folds them; None where a word says
    nothing (stop word, short, number), so pairs never span one."""
    return [
        word
        if word not in STOP_WORDS and len(word) >= SHORTEST_WORD and not word.isdigit()
        else None
        for word in (fold(found) for found in WORD.findall(title))
    ]


def _most_frequent(counted: Counter[str] | Counter[tuple[str, str]]) -> Iterable:
    """Most frequent first, ties in alphabetical order (deterministic)."""
    return (item for item, _ in sorted(counted.items(), key=lambda i: (-i[1], i[0])))


def search_words(posts: QuerySet[Post]) -> tuple[tuple[str, str], tuple[str, str]]:
    """Two frequent words found together in the newest titles of `posts`,
    and the most frequent pair of adjacent title words."""
    titles = posts.order_by("-pk").values_list("title", flat=True)
    worded = [_words(title) for title in titles[:TITLES_SAMPLED]]
    single: Counter[str] = Counter()
    adjacent: Counter[tuple[str, str]] = Counter()
    for words in worded:
        single.update({word for word in words if word})
        adjacent.update({(a, b) for a, b in itertools.pairwise(words) if a and b})
    first = next(iter(_most_frequent(single)))
    beside: Counter[str] = Counter()
    for words in worded:
        if first in words:
            beside.update({word for word in words if word and word[:4] != first[:4]})
    return (first, next(iter(_most_frequent(beside)))), next(
        iter(_most_frequent(adjacent))
    )


def searches(person: User, community: Community) -> dict[str, str]:
    """The search scenarios' paths: two words and a phrase among all the
    member may read, and two words of `community`'s answered posts there."""
    readable = readable_posts(person)
    both, phrase = search_words(readable)
    answered, _ = search_words(readable.filter(community=community, answer_count__gt=0))
    queries = {
        "search, two words": {"q": " ".join(both), "kind": "post"},
        "search, phrase": {"q": f'"{" ".join(phrase)}"', "kind": "post"},
        "search, filtered": {
            "q": " ".join(answered),
            "kind": "post",
            "community": community.slug,
            "status": "answered",
        },
    }
    page = reverse("search:results")
    return {name: f"{page}?{urlencode(query)}" for name, query in queries.items()}


def suggestion_question(person: User, community: Community) -> dict[str, str]:
    """The question the member types in `community`: the newest of its
    questions they may read whose title holds the two words most often
    found together in those questions' newest titles; its title, body and
    topics as the question form sends them."""
    questions = readable_posts(person).filter(
        community=community, kind=PostKind.QUESTION
    )
    (first, second), _ = search_words(questions)
    newest = questions.order_by("-pk").values_list("pk", "title")
    chosen = next(
        pk
        for pk, title in newest[:TITLES_SAMPLED].iterator()
        if {first, second} <= set(_words(title))
    )
    post = Post.objects.prefetch_related("topics").get(pk=chosen)
    return {
        "kind": PostKind.QUESTION,
        "title": post.title,
        "body": post.body_source,
        "topics": ", ".join(topic.name for topic in post.topics.all()),
        "community": community.slug,
    }


def suggestions(question: dict[str, str], token: str) -> dict[str, dict[str, str]]:
    """The suggestions' requests for `question`: the form's fragment, POSTed
    as htmx sends it while typing (with the CSRF token), and the API."""
    asked = {name: value for name, value in question.items() if name != "kind"}
    return {
        "suggestions while typing": {
            "path": reverse("expertise:suggestions"),
            "form": urlencode({**question, "csrfmiddlewaretoken": token}),
        },
        "suggestions, API": {
            "path": f"{reverse('api:expertise-suggestions')}?{urlencode(asked)}",
            "form": "",
        },
    }


def _suggestions_if_served(
    person: User, community: Community, token: str
) -> tuple[dict[str, str], dict[str, dict[str, str]]]:
    """The question and its requests, or none (said on stderr) where no
    suggestions are served."""
    try:
        question = suggestion_question(person, community)
        return question, suggestions(question, token)
    except NoReverseMatch:
        print(
            "No suggestions (expertise:suggestions) are served here.", file=sys.stderr
        )
        return {}, {}


def _searches_if_served(person: User, community: Community) -> dict[str, str]:
    """The searches, or none (said on stderr) where no search page is served."""
    try:
        return searches(person, community)
    except NoReverseMatch:
        print("No search page (search:results) is served here.", file=sys.stderr)
        return {}


def writes(person: User, community: Community) -> dict[str, str]:
    """Where the member starts a thread: `community`, theirs, one of 10
    members and one of everyone."""
    everyone = User.objects.filter(is_active=True).exclude(pk=person.pk)
    small = [person, *everyone.order_by("pk")[: SMALL_AUDIENCE - 1]]
    audiences = {
        "create post": community,
        f"create post, {SMALL_AUDIENCE} members": _audience("bench-small", small),
        "create post, everyone": _audience("bench-everyone", [person, *everyone]),
    }
    return {
        name: reverse("knowledge:new-post", args=[community.slug])
        for name, community in audiences.items()
    }


@transaction.atomic
def _audience(slug: str, people: list[User]) -> Community:
    """A public community whose members are exactly `people` (made once)."""
    community, _ = Community.objects.get_or_create(
        slug=slug,
        defaults={
            "name": slug.replace("-", " ").title(),
            "purpose": "Where the benchmarks start threads.",
            "kind": Kind.PRACTICE,
            "visibility": Visibility.PUBLIC,
        },
    )
    Membership.objects.bulk_create(
        [Membership(community=community, person=person) for person in people],
        ignore_conflicts=True,
        batch_size=1000,
    )
    community.member_count = community.memberships.count()
    community.save(update_fields=["member_count"])
    return community


def request(client: Client, path: str, body: str = "") -> int:
    """One request as the member: POST when there is a form to send."""
    if body:
        response = client.post(
            path, body, content_type="application/x-www-form-urlencoded"
        )
    else:
        response = client.get(path)
    if response.status_code not in (200, 302):
        raise SystemExit(f"{path} answered {response.status_code} to the member")
    return response.status_code


def count_queries(client: Client, path: str, body: str = "") -> int:
    with CaptureQueriesContext(connection) as captured:
        request(client, path, body)
    return len(captured.captured_queries)


def signed_in() -> tuple[User, Client, str]:
    """The member, a test client signed in as them, and its CSRF token."""
    person = member()
    client = Client(HTTP_HOST="127.0.0.1", enforce_csrf_checks=True)
    client.force_login(person)
    client.get(reverse("feeds:home"))  # sets the CSRF cookie
    return person, client, client.cookies[settings.CSRF_COOKIE_NAME].value


def main() -> None:
    person, client, token = signed_in()
    body = urlencode({**NEW_POST, "csrfmiddlewaretoken": token})
    community = busiest_community(person)
    reads, posts = pages(community), writes(person, community)
    reads |= _searches_if_served(person, community)
    question, asked = _suggestions_if_served(person, community, token)
    reads |= {name: sent["path"] for name, sent in asked.items() if not sent["form"]}
    forms = {name: sent for name, sent in asked.items() if sent["form"]}
    queries = {name: count_queries(client, path) for name, path in reads.items()}
    queries |= {
        name: count_queries(client, sent["path"], sent["form"])
        for name, sent in forms.items()
    }
    queries |= {name: count_queries(client, path, body) for name, path in posts.items()}
    cookies = (settings.SESSION_COOKIE_NAME, settings.CSRF_COOKIE_NAME)
    print(
        json.dumps(
            {
                "cookie": "; ".join(
                    f"{name}={client.cookies[name].value}" for name in cookies
                ),
                "paths": reads,
                "forms": forms,
                "posts": posts,
                "body": body,
                "question": question,
                "queries": queries,
            }
        )
    )


def profile(name: str, repeat: int = 5, top: int = 40, focus: str = "") -> None:
    """Where the time of one read scenario's request goes (`profile_request`),
    on a fresh working copy (one `main` ran on has other members: its
    communities change who has the median number)."""
    person, client, token = signed_in()
    community = busiest_community(person)
    _question, sent = _suggestions_if_served(person, community, token)
    if name not in sent:
        reads = _searches_if_served(person, community)
        reads |= {} if name in reads else pages(community)
        sent |= {found: {"path": path, "form": ""} for found, path in reads.items()}
    path, form = sent[name]["path"], sent[name]["form"]
    profile_request(client, name, path, form=form, repeat=repeat, top=top, focus=focus)


def profile_request(
    client: Client,
    name: str,
    path: str,
    *,
    form: str = "",
    repeat: int = 5,
    top: int = 40,
    focus: str = "",
) -> None:
    """After one request to warm up: the median wall and CPU time of
    `repeat` requests, each query of one request with its time, then
    cProfile over `repeat` more by cumulative time (only functions whose
    file or name matches the regular expression `focus`, when given) and
    by own time."""
    request(client, path, form)
    took, worked = [], []
    for _ in range(repeat):
        started, cpu = time.perf_counter(), time.process_time()
        request(client, path, form)
        took.append((time.perf_counter() - started) * 1000)
        worked.append((time.process_time() - cpu) * 1000)
    print(f"{name}: {path}")
    each = ", ".join(f"{ms:.1f}" for ms in took)
    print(f"wall ms, median of {repeat}: {statistics.median(took):.1f} ({each})")
    # CPU time (SQLite's work included: it runs in this process) is less
    # disturbed than wall time by whatever else the machine runs.
    print(f"CPU ms, median of {repeat}: {statistics.median(worked):.1f}")
    with CaptureQueriesContext(connection) as captured:
        request(client, path, form)
    print(f"{len(captured.captured_queries)} queries (s, SQL):")
    for query in captured.captured_queries:
        print(f"  {float(query['time']):.3f}  {query['sql'][:300]}")
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(repeat):
        request(client, path, form)
    profiler.disable()
    figures = pstats.Stats(profiler, stream=sys.stdout).strip_dirs()
    figures.sort_stats("cumulative").print_stats(*([focus] if focus else []), top)
    figures.sort_stats("tottime").print_stats(top)
