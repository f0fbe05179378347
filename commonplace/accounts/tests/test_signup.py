import re
import time
from contextlib import contextmanager
from unittest import mock

import pytest
from django.contrib.auth import authenticate
from django.core import signing
from django.db import connection
from django.test.utils import CaptureQueriesContext

from commonplace.accounts import services
from commonplace.accounts.models import SignupPolicy
from commonplace.accounts.tokens import SignupClaim, read_signup_token, signup_token
from commonplace.core.errors import Conflict, InvalidInput, TooManyRequests
from commonplace.people.models import User
from commonplace.people.tests.factories import AdministratorFactory, UserFactory

pytestmark = pytest.mark.django_db

GOOD_PASSWORD = "tangerine-lighthouse-47"


@contextmanager
def time_machine_days_ahead(days):
    """Pretend `days` have passed, for the signer's timestamp check."""
    later = time.time() + days * 24 * 60 * 60
    with mock.patch("django.core.signing.time.time", return_value=later):
        yield


def _link_in(mail):
    return re.search(r"https?://\S+", mail.body).group(0)


def _set_policy(mode, domains=""):
    services.set_signup_policy(
        mode=mode, allowed_domains=domains, changed_by=AdministratorFactory()
    )


def test_signing_up_mails_a_link_and_creates_no_account_yet(mailoutbox, run_tasks):
    services.request_signup(email="Ana@Example.org", requested_from="10.0.0.1")
    run_tasks()

    assert not User.objects.filter(email="ana@example.org").exists()
    assert [mail.to for mail in mailoutbox] == [["ana@example.org"]]
    assert "/accounts/signup/" in _link_in(mailoutbox[0])


def test_a_known_address_gets_a_you_already_have_an_account_mail(mailoutbox, run_tasks):
    UserFactory(email="ana@example.org")

    services.request_signup(email="ana@example.org", requested_from="10.0.0.1")
    run_tasks()

    assert len(mailoutbox) == 1
    assert "already have a Commonplace account" in mailoutbox[0].subject
    assert "/accounts/password/reset/" in mailoutbox[0].body


def test_finishing_the_signup_creates_an_account_that_can_sign_in():
    claim = SignupClaim(email="ana@example.org")

    person = services.finish_signup(
        claim=claim, display_name="  Ana   Lima ", password=GOOD_PASSWORD
    )

    assert person.display_name == "Ana Lima"
    assert authenticate(username="ana@example.org", password=GOOD_PASSWORD) == person


def test_a_link_can_create_the_account_only_once():
    claim = SignupClaim(email="ana@example.org")
    services.finish_signup(claim=claim, display_name="Ana", password=GOOD_PASSWORD)

    with pytest.raises(Conflict):
        services.finish_signup(
            claim=claim, display_name="Mallory", password=GOOD_PASSWORD
        )


@pytest.mark.parametrize(
    ("password", "problem"),
    [
        ("short", "too short"),
        ("password1234", "too common"),
        ("ana@example.org", "too similar"),
    ],
)
def test_a_weak_password_is_refused_by_the_field(password, problem):
    with pytest.raises(InvalidInput) as raised:
        services.finish_signup(
            claim=SignupClaim(email="ana@example.org"),
            display_name="Ana",
            password=password,
        )

    assert problem in " ".join(raised.value.fields["password"])
    assert not User.objects.exists()


def test_a_ten_thousand_character_name_is_refused_by_the_field():
    with pytest.raises(InvalidInput) as raised:
        services.finish_signup(
            claim=SignupClaim(email="ana@example.org"),
            display_name="A" * 10_000,
            password=GOOD_PASSWORD,
        )

    assert "display_name" in raised.value.fields


@pytest.mark.parametrize(
    "email", ["not-an-address", "ana@", "@example.org", "a b@example.org"]
)
def test_a_malformed_address_is_refused_by_the_field(email):
    with pytest.raises(InvalidInput) as raised:
        services.request_signup(email=email, requested_from="10.0.0.1")

    assert "email" in raised.value.fields


def test_in_domain_mode_only_listed_domains_may_sign_up(mailoutbox, run_tasks):
    _set_policy(SignupPolicy.Mode.DOMAINS, "example.org\nexample.com")

    services.request_signup(email="ana@example.com", requested_from="10.0.0.1")
    with pytest.raises(InvalidInput, match=re.escape("example.org, example.com")):
        services.request_signup(
            email="mallory@elsewhere.net", requested_from="10.0.0.1"
        )
    run_tasks()

    assert [mail.to for mail in mailoutbox] == [["ana@example.com"]]


def test_in_invite_only_mode_nobody_can_sign_up_without_an_invitation():
    _set_policy(SignupPolicy.Mode.INVITE_ONLY)

    with pytest.raises(InvalidInput, match="invitation only"):
        services.request_signup(email="ana@example.org", requested_from="10.0.0.1")


def test_a_link_issued_before_the_policy_closed_no_longer_works():
    claim = SignupClaim(email="ana@example.org")
    _set_policy(SignupPolicy.Mode.INVITE_ONLY)

    with pytest.raises(InvalidInput):
        services.finish_signup(claim=claim, display_name="Ana", password=GOOD_PASSWORD)


def test_an_invitation_admits_its_address_whatever_the_mode(mailoutbox, run_tasks):
    _set_policy(SignupPolicy.Mode.INVITE_ONLY)
    invitation = services.invite_person(
        email="guest@partner.net", invited_by=AdministratorFactory()
    )
    run_tasks()
    token = _link_in(mailoutbox[0]).rstrip("/").rsplit("/", 1)[-1]

    found = services.invitation_for_token(token)
    person = services.finish_signup(
        claim=SignupClaim(email=found.email, invitation_id=found.pk),
        display_name="Guest",
        password=GOOD_PASSWORD,
    )

    invitation.refresh_from_db()
    assert invitation.accepted_by == person
    with pytest.raises(InvalidInput):
        services.invitation_for_token(token)


def test_inviting_is_for_administrators_and_not_for_existing_accounts():
    UserFactory(email="ana@example.org")

    with pytest.raises(InvalidInput, match="already has an account"):
        services.invite_person(
            email="ana@example.org", invited_by=AdministratorFactory()
        )


def test_a_forged_signup_link_is_invalid_input():
    forged = signing.dumps({"email": "ana@example.org"}, salt="another purpose")

    with pytest.raises(InvalidInput, match="expired or is not valid"):
        read_signup_token(forged)


def test_an_expired_signup_link_is_invalid_input(settings):
    token = signup_token(SignupClaim(email="ana@example.org"))

    with time_machine_days_ahead(4), pytest.raises(InvalidInput):
        read_signup_token(token)


def test_signup_requests_are_rate_limited_per_address(settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "signup:address": (2, 3600)}
    for _ in range(2):
        services.request_signup(email="ana@example.org", requested_from="10.0.0.1")

    with pytest.raises(TooManyRequests):
        services.request_signup(email="ana@example.org", requested_from="10.0.0.2")


def test_a_valid_token_carries_its_address():
    token = signup_token(SignupClaim(email="ana@example.org"))

    assert read_signup_token(token) == SignupClaim(email="ana@example.org")


@pytest.mark.parametrize(
    "request_it", [services.request_signup, services.request_password_reset]
)
def test_known_and_unknown_addresses_cost_the_request_the_same_work(request_it):
    UserFactory(email="ana@example.org")

    with CaptureQueriesContext(connection) as known:
        request_it(email="ana@example.org", requested_from="10.0.0.1")
    with CaptureQueriesContext(connection) as unknown:
        request_it(email="nobody@example.org", requested_from="10.0.0.2")

    assert len(known.captured_queries) == len(unknown.captured_queries)
