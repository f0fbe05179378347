import re

import pytest
from django.test import Client
from django.urls import reverse

from commonplace.accounts import services
from commonplace.accounts.models import SignupPolicy
from commonplace.people.tests.factories import (
    DEFAULT_PASSWORD,
    AdministratorFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

GOOD_PASSWORD = "tangerine-lighthouse-47"


def _sign_in(client, email, password=DEFAULT_PASSWORD):
    return client.post(
        reverse("accounts:login"), {"username": email, "password": password}
    )


def _link_in(mail):
    return re.search(r"https?://[^/]+(/\S+)", mail.body).group(1)


def test_signing_in_with_the_right_password_starts_a_new_session(client):
    UserFactory(email="ana@example.org")
    client.get(reverse("accounts:login"))
    client.session.save()
    before = client.session.session_key

    response = _sign_in(client, "ANA@example.org")

    assert response.status_code == 302
    assert client.session.session_key != before
    assert "_auth_user_id" in client.session


def test_a_wrong_password_and_an_unknown_address_get_the_same_answer(client):
    UserFactory(email="ana@example.org")

    wrong_password = _sign_in(client, "ana@example.org", "not the password")
    unknown_address = _sign_in(client, "nobody@example.org", "not the password")

    assert wrong_password.status_code == unknown_address.status_code == 200
    assert "do not match an account" in wrong_password.text
    assert (
        wrong_password.context["form"].errors == unknown_address.context["form"].errors
    )


def test_a_deactivated_person_gets_the_same_answer_as_a_wrong_password(client):
    UserFactory(email="ana@example.org", is_active=False)

    response = _sign_in(client, "ana@example.org")

    assert "do not match an account" in response.text


def test_repeated_sign_in_attempts_are_refused_with_429(client, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "login:account": (3, 900)}
    for _ in range(3):
        _sign_in(client, "ana@example.org", "guess")

    response = _sign_in(client, "ana@example.org", "guess")

    assert response.status_code == 429
    assert "Too many attempts" in response.text


def test_signing_out_needs_a_post(client):
    client.force_login(UserFactory())

    assert client.get(reverse("accounts:logout")).status_code == 405
    client.post(reverse("accounts:logout"))
    assert "_auth_user_id" not in client.session


def test_the_whole_signup_journey_through_the_pages(client, mailoutbox, run_tasks):
    sent = client.post(reverse("accounts:signup"), {"email": "ana@example.org"})
    run_tasks()
    finish_url = _link_in(mailoutbox[0])

    page = client.get(finish_url)
    created = client.post(
        finish_url, {"display_name": "Ana Lima", "password": GOOD_PASSWORD}
    )
    signed_in = _sign_in(client, "ana@example.org", GOOD_PASSWORD)

    assert sent.status_code == 302
    assert "ana@example.org" in page.text
    assert created.status_code == 302
    assert "email=ana%40example.org" in created.url
    assert signed_in.status_code == 302


def test_a_known_address_gets_the_same_page_as_a_new_one(client):
    UserFactory(email="ana@example.org")

    known = client.post(reverse("accounts:signup"), {"email": "ana@example.org"})
    new = client.post(reverse("accounts:signup"), {"email": "bo@example.org"})

    assert known.status_code == new.status_code == 302
    assert known.url == new.url == reverse("accounts:signup-sent")


def test_a_bad_password_keeps_the_name_typed_and_says_why(client):
    url = reverse("accounts:signup-finish", kwargs={"token": _token("ana@example.org")})

    response = client.post(url, {"display_name": "Ana Lima", "password": "short"})

    assert response.status_code == 400
    assert 'value="Ana Lima"' in response.text
    assert "too short" in response.text


def test_an_address_outside_the_allowed_domains_is_refused_by_the_field(client):
    services.set_signup_policy(
        mode=SignupPolicy.Mode.DOMAINS,
        allowed_domains="example.org",
        changed_by=AdministratorFactory(),
    )

    response = client.post(reverse("accounts:signup"), {"email": "ana@elsewhere.net"})

    assert response.status_code == 400
    assert "Sign-up is open to addresses at example.org." in response.text
    assert 'value="ana@elsewhere.net"' in response.text


def test_the_signup_page_explains_invite_only_mode(client):
    services.set_signup_policy(
        mode=SignupPolicy.Mode.INVITE_ONLY,
        allowed_domains="",
        changed_by=AdministratorFactory(),
    )

    response = client.get(reverse("accounts:signup"))

    assert "by invitation only" in response.text
    assert 'name="email"' not in response.text


def test_a_broken_signup_link_answers_400_with_a_message(client):
    response = client.get(reverse("accounts:signup-finish", kwargs={"token": "forged"}))

    assert response.status_code == 400
    assert "expired or is not valid" in response.text


def test_the_password_reset_journey(client, mailoutbox, run_tasks):
    UserFactory(email="ana@example.org")

    client.post(reverse("accounts:password-reset"), {"email": "ana@example.org"})
    run_tasks()
    confirm = client.get(_link_in(mailoutbox[0]), follow=True)
    client.post(
        confirm.redirect_chain[-1][0],
        {"new_password1": GOOD_PASSWORD, "new_password2": GOOD_PASSWORD},
    )

    assert _sign_in(Client(), "ana@example.org", GOOD_PASSWORD).status_code == 302


def test_a_reset_for_an_unknown_address_sends_nothing_and_answers_alike(
    client, mailoutbox, run_tasks
):
    UserFactory(email="ana@example.org")

    unknown = client.post(
        reverse("accounts:password-reset"), {"email": "nobody@example.org"}
    )
    known = client.post(
        reverse("accounts:password-reset"), {"email": "ana@example.org"}
    )
    run_tasks()

    assert unknown.url == known.url
    assert [mail.to for mail in mailoutbox] == [["ana@example.org"]]


def test_changing_the_password_ends_every_other_session(client):
    person = UserFactory(email="ana@example.org")
    other_device = Client()
    _sign_in(other_device, "ana@example.org")
    _sign_in(client, "ana@example.org")

    client.post(
        reverse("accounts:password-change"),
        {
            "old_password": DEFAULT_PASSWORD,
            "new_password1": GOOD_PASSWORD,
            "new_password2": GOOD_PASSWORD,
        },
    )

    assert client.get(reverse("accounts:password-change")).status_code == 200
    assert other_device.get(reverse("accounts:password-change")).status_code == 302
    person.refresh_from_db()
    assert person.check_password(GOOD_PASSWORD)


def _token(email):
    from commonplace.accounts.tokens import SignupClaim, signup_token

    return signup_token(SignupClaim(email=email))
