"""Keeping the index in step: every write that changes searchable text
reindexes through a task; the bulk paths and `reindex` index everything."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from commonplace.communities.services import start_community, update_community
from commonplace.communities.tests.factories import MembershipFactory
from commonplace.integrations.tests.dumps import small_dump
from commonplace.knowledge.services import (
    add_comment,
    create_post,
    delete_contribution,
    edit_post,
    post_answer,
)
from commonplace.knowledge.tests.factories import PostFactory
from commonplace.people.services import deactivate_person, update_profile
from commonplace.people.tests.factories import AdministratorFactory, UserFactory
from commonplace.search import services
from commonplace.search.models import SearchDocument
from commonplace.search.selectors import search
from commonplace.topics.services import (
    find_or_create_topic,
    merge_topics,
    rename_topic,
)

pytestmark = pytest.mark.django_db


def _titles(viewer, text, kind="post"):
    return [str(hit.item) for hit in search(viewer, text, kind=kind).page.items]


@pytest.fixture
def member():
    return MembershipFactory().person


@pytest.fixture
def community(member):
    return member.memberships.get().community


def _ask(community, member, title="Rotating signing keys"):
    return create_post(
        community=community,
        author=member,
        kind="question",
        title=title,
        body="How often should we rotate them?",
    )


def test_a_new_post_is_found_once_its_task_has_run(community, member, run_tasks):
    _ask(community, member)
    assert _titles(member, "signing keys") == []

    run_tasks()

    assert _titles(member, "signing keys") == ["Rotating signing keys"]


def test_a_post_is_found_by_its_answers_and_comments(community, member, run_tasks):
    question = _ask(community, member)
    post_answer(question=question, author=member, body="Use a hardware vault.")
    add_comment(post=question, author=member, body="Ask the platypus team.")
    run_tasks()

    assert _titles(member, "hardware vault") == ["Rotating signing keys"]
    assert _titles(member, "platypus") == ["Rotating signing keys"]


def test_an_edit_replaces_the_words_a_post_is_found_by(community, member, run_tasks):
    question = _ask(community, member)
    run_tasks()

    edit_post(post=question, edited_by=member, title="Renewing certificates", body="x")
    run_tasks()

    assert _titles(member, "signing") == []
    assert _titles(member, "certificates") == ["Renewing certificates"]


def test_a_removed_answer_no_longer_finds_its_post(community, member, run_tasks):
    question = _ask(community, member)
    answer = post_answer(question=question, author=member, body="Use a vault.")
    run_tasks()

    delete_contribution(item=answer, deleted_by=member, reason="Wrong")
    run_tasks()

    assert _titles(member, "vault") == []
    assert _titles(member, "signing") == ["Rotating signing keys"]


def test_a_removed_post_leaves_the_index(community, member, run_tasks):
    question = _ask(community, member)
    run_tasks()

    delete_contribution(item=question, deleted_by=member, reason="Duplicate")
    run_tasks()

    assert not SearchDocument.objects.filter(kind="post", object_id=question.pk)


def test_people_are_found_by_what_their_profile_says(member, run_tasks):
    update_profile(
        person=member,
        changed_by=member,
        display_name="Ana Lopes",
        job_title="Site reliability engineer",
        skills=["Kubernetes"],
    )
    run_tasks()

    assert _titles(UserFactory(), "reliability kubernetes", "person") == ["Ana Lopes"]


def test_a_deactivated_person_is_found_by_nobody(member, run_tasks):
    services.reindex()
    name = member.display_name

    deactivate_person(person=member, deactivated_by=AdministratorFactory())

    assert _titles(UserFactory(), name, "person") == []
    run_tasks()
    assert not SearchDocument.objects.filter(kind="person", object_id=member.pk)


def test_communities_are_found_by_name_purpose_and_topics(run_tasks):
    starter = UserFactory()
    community = start_community(
        started_by=starter,
        name="Platform guild",
        purpose="Running the shared clusters",
        kind="practice",
        topics=["Observability"],
    )
    run_tasks()
    assert _titles(starter, "observability clusters", "community") == ["Platform guild"]

    update_community(community=community, changed_by=starter, name="Infra guild")
    run_tasks()

    assert _titles(starter, "infra", "community") == ["Infra guild"]


def test_topics_are_found_by_their_new_name_and_by_merged_synonyms(run_tasks):
    administrator = AdministratorFactory()
    target = find_or_create_topic("Kubernetes")
    source = find_or_create_topic("K8s")
    run_tasks()

    merge_topics(source=source, target=target, merged_by=administrator)
    rename_topic(topic=target, name="Container orchestration", renamed_by=administrator)
    run_tasks()

    assert _titles(administrator, "k8s", "topic") == ["Container orchestration"]
    assert _titles(administrator, "kubernetes", "topic") == []


def test_reindex_indexes_everything_drops_what_is_gone_and_can_run_again():
    kept, gone = PostFactory(title="Kept words"), PostFactory(title="Gone words")
    services.reindex(["post"])
    gone.delete()

    written = services.reindex(["post"])

    assert written == {"post": 1}
    assert list(
        SearchDocument.objects.filter(kind="post").values_list("object_id", flat=True)
    ) == [kept.pk]


def test_the_reindex_command_reports_and_refuses_unknown_kinds():
    PostFactory(title="Kept words")
    out = StringIO()

    call_command("reindex", "post", stdout=out, verbosity=0)

    assert "post: 1 documents" in out.getvalue()
    with pytest.raises(CommandError, match="Unknown kinds: posts"):
        call_command("reindex", "posts", verbosity=0)


def test_an_import_is_searchable_without_a_task(tmp_path, community, member):
    call_command(
        "import",
        "stackexchange",
        str(small_dump(tmp_path)),
        "--community",
        community.slug,
        "--workers",
        "0",
        stdout=StringIO(),
    )

    assert _titles(member, "rotate keys") == ["How do I rotate keys?"]
    assert _titles(member, "ana asker", "person") == ["Ana Asker"]
