"""From evaluation to measured impact, in a real browser: Dana, a leader,
sets the criteria and asks Sam and Lee to evaluate an idea; they score it;
Dana decides and makes Priya its owner; Priya plans a step and completes
it; once the idea is done she records what it changed, and the idea page
shows expected beside measured. axe-core finds nothing serious on the
pages along the way; tasks run between the steps, as the worker would."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from commonplace.communities.models import Kind, Role
from commonplace.communities.tests.factories import CommunityFactory, MembershipFactory
from commonplace.ideas.tests.factories import IdeaFactory
from commonplace.people.models import User
from commonplace.people.tests.factories import DEFAULT_PASSWORD, UserFactory
from tests.browser.pages.accounts import SignInPage
from tests.browser.pages.base import BasePage
from tests.browser.pages.ideas import IdeaPage, MoveIdeaPage

pytestmark = pytest.mark.django_db(transaction=True)

PEOPLE = {
    "dana": ("dana@example.org", "Dana Decider", Role.LEADER),
    "sam": ("sam@example.org", "Sam Scorer", Role.MEMBER),
    "lee": ("lee@example.org", "Lee Scorer", Role.MEMBER),
    "priya": ("priya@example.org", "Priya Owner", Role.MEMBER),
}


@pytest.fixture
def idea(run_tasks):
    community = CommunityFactory(
        name="Ship Faster", slug="ship-faster", kind=Kind.GOAL, goal="Halve lead time."
    )
    for email, name, role in PEOPLE.values():
        MembershipFactory(
            community=community,
            person=UserFactory(email=email, display_name=name),
            role=role,
        )
    proposed = IdeaFactory(
        community=community,
        author=User.objects.get(email="priya@example.org"),
        title="Release on Tuesdays",
        impact="Half as many weekend incidents.",
    )
    run_tasks()
    return proposed


def _as(page, who):
    SignInPage(page).open().sign_in(PEOPLE[who][0], DEFAULT_PASSWORD)
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()


def _open(page, path):
    shown = BasePage(page)
    shown.path = path
    return shown.open()


def _handle(who):
    return "@" + User.objects.get(email=PEOPLE[who][0]).handle


def _add_criterion(page, name, weight):
    form = page.locator(
        "form", has=page.get_by_role("button", name="Add the criterion")
    )
    form.get_by_label("Name", exact=True).fill(name)
    form.get_by_label("Weight", exact=True).fill(str(weight))
    form.get_by_role("button", name="Add the criterion").click()
    expect(page.get_by_label(f"Weight of “{name}”")).to_have_value(str(weight))


def _score(page, idea, impact, effort):
    scoring = _open(page, f"/ideas/{idea.pk}/score/")
    page.get_by_label("Score for “Impact”").select_option(str(impact))
    page.get_by_label("Comment on “Impact”").fill("Fewer weekend pages.")
    page.get_by_label("Score for “Effort”").select_option(str(effort))
    assert scoring.accessibility_violations() == []
    page.get_by_role("button", name="Save the scores").click()
    expect(page.get_by_role("heading", name="Evaluation")).to_be_visible()
    IdeaPage(page).sign_out()


def _move(page, idea, stage, **record):
    IdeaPage(page, idea.pk).open().move()
    move = MoveIdeaPage(page)
    move.choose(stage)
    for label, text in record.items():
        move.fill(label, text)
    move.submit()
    expect(IdeaPage(page).trip).to_contain_text(stage)


def test_criteria_evaluators_scores_decision_plan_and_impact(page, idea, run_tasks):
    _as(page, "dana")
    criteria = _open(page, f"/communities/{idea.community.slug}/ideas/criteria/")
    _add_criterion(page, "Impact", 3)
    _add_criterion(page, "Effort", 1)
    assert criteria.accessibility_violations() == []
    evaluators = _open(page, f"/ideas/{idea.pk}/evaluators/")
    for who in ("sam", "lee"):
        page.get_by_role("textbox", name="Who").fill(_handle(who))
        page.get_by_role("button", name="Ask", exact=True).click()
        expect(
            page.get_by_role("button", name=f"Stop asking {PEOPLE[who][1]}")
        ).to_be_visible()
    assert evaluators.accessibility_violations() == []
    IdeaPage(page).sign_out()
    run_tasks()

    _as(page, "sam")
    _score(page, idea, 5, 2)
    _as(page, "lee")
    _score(page, idea, 3, 4)

    _as(page, "dana")
    shown = IdeaPage(page, idea.pk).open()
    evaluation = page.get_by_role("region", name="Evaluation")
    expect(evaluation).to_contain_text("Weighted score 3.8 of 5, from 2 evaluators")
    expect(evaluation).to_contain_text("Fewer weekend pages.")
    assert shown.accessibility_violations() == []
    _move(
        page,
        idea,
        "Decided",
        Decision="We release on Tuesdays.",
        Reasons="The scores and fewer incidents.",
    )
    owners = _open(page, f"/ideas/{idea.pk}/owners/")
    page.get_by_label("Owners").fill(_handle("priya"))
    page.get_by_role("button", name="Save the owners").click()
    assert owners.accessibility_violations() == []
    IdeaPage(page).sign_out()

    _as(page, "priya")
    plan = IdeaPage(page, idea.pk).open()
    page.get_by_label("Step", exact=True).fill("Move the release job")
    page.get_by_label("Due on").fill(
        (timezone.localdate() + timedelta(days=7)).isoformat()
    )
    page.get_by_role("button", name="Add the step").click()
    expect(page.get_by_text("“Move the release job” is added.")).to_be_visible()
    page.get_by_role("button", name="Mark done “Move the release job”").click()
    expect(page.get_by_role("region", name="Its plan")).to_contain_text("100%")
    assert plan.accessibility_violations() == []
    IdeaPage(page).sign_out()

    _as(page, "dana")
    _move(page, idea, "Being implemented")
    _move(page, idea, "Done")
    IdeaPage(page).sign_out()

    _as(page, "priya")
    impact = _open(page, f"/ideas/{idea.pk}/impact/")
    page.get_by_label("Measured result").fill("Weekend incidents fell from 6 to 2.")
    page.get_by_label("Number").fill("-66")
    page.get_by_label("Unit").fill("%")
    assert impact.accessibility_violations() == []
    page.get_by_role("button", name="Record the impact").click()
    measured = page.get_by_role("region", name="Expected and measured impact")
    expect(measured).to_contain_text("Half as many weekend incidents.")
    expect(measured).to_contain_text("Weekend incidents fell from 6 to 2.")
    assert IdeaPage(page).accessibility_violations() == []
