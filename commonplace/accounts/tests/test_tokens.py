import hashlib
import json
import re
from datetime import timedelta

import factory
import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from commonplace.accounts import services
from commonplace.accounts.models import AccessToken
from commonplace.core.errors import InvalidInput, NotAllowed, NotFound
from commonplace.people.services import deactivate_person
from commonplace.people.tests.factories import (
    DEFAULT_PASSWORD,
    AdministratorFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

GOOD_PASSWORD = "tangerine-lighthouse-47"
ME = "/api/v1/me"
TOKENS = "/api/v1/me/tokens"


class RevokedTokenFactory(factory.django.DjangoModelFactory):
    """A token row that was revoked: many of them stay under the live limit."""

    class Meta:
        model = AccessToken

    person = factory.SubFactory(UserFactory)
    name = factory.Sequence(lambda n: f"Old script {n}")
    prefix = "cp_abcde"
    token_hash = factory.Sequence(lambda n: f"{n:064x}")
    revoked_at = factory.LazyFunction(timezone.now)


def _token(person, name="Weekly report", expires_in_days=30):
    return services.create_access_token(
        person=person, created_by=person, name=name, expires_in_days=expires_in_days
    )


def _bearer(secret):
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


def _me_with(secret):
    return Client().get(ME, **_bearer(secret))


def _post_json(client, url, data, **extra):
    return client.post(url, json.dumps(data), "application/json", **extra)


def _link_in(mail):
    return re.search(r"https?://[^/]+(/\S+)", mail.body).group(1)


# --- Creating ----------------------------------------------------------------


def test_a_new_token_is_returned_once_and_only_its_hash_is_stored():
    person = UserFactory()

    token, secret = _token(person)

    token.refresh_from_db()
    assert secret.startswith("cp_")
    assert len(secret) > 40
    assert token.token_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert token.prefix == secret[:8]
    stored = [str(value) for value in AccessToken.objects.values_list().get()]
    assert secret not in stored


@pytest.mark.parametrize("days", [7, 30, 90, 365])
def test_a_token_expires_after_the_chosen_days(days):
    token, _secret = _token(UserFactory(), expires_in_days=days)

    remaining = token.expires_at - timezone.now()

    assert timedelta(days=days - 1) < remaining <= timedelta(days=days)


def test_a_token_without_expiry_never_expires():
    token, _secret = _token(UserFactory(), expires_in_days=None)

    assert token.expires_at is None


def test_nobody_creates_a_token_for_someone_else():
    person = UserFactory()

    with pytest.raises(NotAllowed):
        services.create_access_token(
            person=person,
            created_by=AdministratorFactory(),
            name="Backdoor",
            expires_in_days=None,
        )

    assert not AccessToken.objects.exists()


@pytest.mark.parametrize("days", [0, 1, 10, 3650, -7, True])
def test_an_expiry_outside_the_choices_is_refused_by_its_field(days):
    with pytest.raises(InvalidInput) as refused:
        _token(UserFactory(), expires_in_days=days)

    assert list(refused.value.fields) == ["expires_in_days"]
    assert not AccessToken.objects.exists()


@pytest.mark.parametrize("name", ["", "   ", "x" * 101, "x" * 10_000])
def test_a_missing_or_overlong_name_is_refused_by_its_field(name):
    with pytest.raises(InvalidInput) as refused:
        _token(UserFactory(), name=name)

    assert list(refused.value.fields) == ["name"]


def test_a_person_has_at_most_20_live_tokens():
    person = UserFactory()
    for number in range(20):
        _token(person, name=f"Script {number}")

    with pytest.raises(InvalidInput) as refused:
        _token(person, name="One too many")

    assert "Revoke one" in str(refused.value.message)
    assert person.access_tokens.count() == 20


def test_revoked_and_expired_tokens_do_not_count_towards_the_limit():
    person = UserFactory()
    tokens = [_token(person, name=f"Script {n}")[0] for n in range(20)]
    services.revoke_access_token(token=tokens[0], revoked_by=person)
    AccessToken.objects.filter(pk=tokens[1].pk).update(
        expires_at=timezone.now() - timedelta(seconds=1)
    )

    _token(person, name="Replacement one")
    _token(person, name="Replacement two")

    assert person.access_tokens.count() == 22


# --- Using a token in the API -----------------------------------------------


def test_the_api_accepts_a_token_in_the_authorization_header():
    person = UserFactory()
    _token_row, secret = _token(person)

    response = _me_with(secret)

    assert response.status_code == 200
    assert response.json()["id"] == person.pk


def test_using_a_token_records_when_it_was_last_used():
    person = UserFactory()
    token, secret = _token(person)

    _me_with(secret)

    token.refresh_from_db()
    assert token.last_used_at is not None


def test_last_use_is_written_at_most_once_a_minute(django_assert_num_queries):
    token, secret = _token(UserFactory())
    services.person_for_token(secret)

    with django_assert_num_queries(1):
        services.person_for_token(secret)

    AccessToken.objects.filter(pk=token.pk).update(
        last_used_at=timezone.now() - timedelta(minutes=2)
    )
    with django_assert_num_queries(2):
        services.person_for_token(secret)


@pytest.mark.parametrize(
    "secret", ["cp_not-a-real-token", "not-even-the-scheme", "", "cp_" + "x" * 5000]
)
def test_an_unknown_token_answers_401_in_the_error_shape(secret):
    response = _me_with(secret)

    assert response.status_code == 401
    assert set(response.json()) == {"detail", "fields"}
    assert "not valid" in response.json()["detail"]


def test_a_revoked_token_is_refused():
    person = UserFactory()
    token, secret = _token(person)

    services.revoke_access_token(token=token, revoked_by=person)

    assert _me_with(secret).status_code == 401


def test_an_expired_token_is_refused():
    token, secret = _token(UserFactory())

    AccessToken.objects.filter(pk=token.pk).update(
        expires_at=timezone.now() - timedelta(seconds=1)
    )

    assert _me_with(secret).status_code == 401


def test_deactivating_a_person_revokes_their_tokens():
    person = UserFactory()
    token, secret = _token(person)

    deactivate_person(person=person, deactivated_by=AdministratorFactory())

    token.refresh_from_db()
    assert token.revoked_at is not None
    assert _me_with(secret).status_code == 401


def test_an_inactive_persons_token_is_refused_even_if_not_revoked():
    person = UserFactory()
    _token_row, secret = _token(person)

    type(person).objects.filter(pk=person.pk).update(is_active=False)

    assert services.person_for_token(secret) is None


def test_reactivating_a_person_does_not_bring_their_tokens_back():
    from commonplace.people.services import reactivate_person

    administrator = AdministratorFactory()
    person = UserFactory()
    _token_row, secret = _token(person)
    deactivate_person(person=person, deactivated_by=administrator)

    reactivate_person(person=person, reactivated_by=administrator)

    assert _me_with(secret).status_code == 401


def test_changing_the_password_on_its_page_revokes_every_token(client):
    person = UserFactory()
    secrets = [_token(person, name=name)[1] for name in ("One", "Two")]
    client.force_login(person)

    response = client.post(
        reverse("accounts:password-change"),
        {
            "old_password": DEFAULT_PASSWORD,
            "new_password1": GOOD_PASSWORD,
            "new_password2": GOOD_PASSWORD,
        },
        follow=True,
    )

    assert response.status_code == 200
    assert "access tokens were revoked" in response.text
    assert [_me_with(secret).status_code for secret in secrets] == [401, 401]


def test_resetting_the_password_revokes_every_token(client, mailoutbox, run_tasks):
    person = UserFactory(email="ana@example.org")
    _token_row, secret = _token(person)
    client.post(reverse("accounts:password-reset"), {"email": "ana@example.org"})
    run_tasks()
    confirm = client.get(_link_in(mailoutbox[0]), follow=True)

    client.post(
        confirm.redirect_chain[-1][0],
        {"new_password1": GOOD_PASSWORD, "new_password2": GOOD_PASSWORD},
    )

    person.refresh_from_db()
    assert person.check_password(GOOD_PASSWORD)
    assert _me_with(secret).status_code == 401


def test_a_token_authenticated_write_needs_no_csrf_token():
    person = UserFactory(job_title="")
    _token_row, secret = _token(person)
    client = Client(enforce_csrf_checks=True)

    response = client.patch(
        ME, json.dumps({"job_title": "Engineer"}), "application/json", **_bearer(secret)
    )

    assert response.status_code == 200
    person.refresh_from_db()
    assert person.job_title == "Engineer"


def test_a_session_write_without_its_csrf_token_is_refused():
    person = UserFactory(job_title="")
    client = Client(enforce_csrf_checks=True)
    client.force_login(person)

    response = client.patch(
        ME, json.dumps({"job_title": "Engineer"}), "application/json"
    )

    assert response.status_code == 403
    person.refresh_from_db()
    assert person.job_title == ""


def test_a_bad_token_is_refused_even_with_a_session_cookie(client):
    client.force_login(UserFactory())

    response = client.get(ME, **_bearer("cp_wrong"))

    assert response.status_code == 401


def test_a_token_request_acts_as_the_tokens_owner_not_the_session(client):
    owner = UserFactory()
    client.force_login(UserFactory())
    _token_row, secret = _token(owner)

    response = client.get(ME, **_bearer(secret))

    assert response.json()["id"] == owner.pk


def test_a_token_does_not_start_a_session():
    _token_row, secret = _token(UserFactory())
    client = Client()

    client.get(ME, **_bearer(secret))

    assert client.get(ME).status_code == 401


# --- Tokens in the API ---------------------------------------------------------


def test_creating_a_token_in_the_api_shows_its_secret_once(client):
    person = UserFactory()
    client.force_login(person)

    created = _post_json(client, TOKENS, {"name": "CI", "expires_in_days": 90})
    listed = client.get(TOKENS)

    assert created.status_code == 201
    body = created.json()
    assert body["name"] == "CI"
    assert body["token"].startswith(body["prefix"])
    assert _me_with(body["token"]).json()["id"] == person.pk
    assert body["token"] not in listed.text
    assert listed.json()["items"][0]["prefix"] == body["prefix"]


def test_extra_fields_in_a_new_token_are_ignored(client):
    person, other = UserFactory(), UserFactory()
    client.force_login(person)

    response = _post_json(
        client,
        TOKENS,
        {
            "name": "CI",
            "expires_in_days": None,
            "person": other.pk,
            "token_hash": "0" * 64,
            "revoked_at": None,
            "is_staff": True,
        },
    )

    assert response.status_code == 201
    token = AccessToken.objects.get()
    assert token.person == person
    assert token.token_hash != "0" * 64
    assert token.expires_at is None


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"name": "CI", "expires_in_days": 10}, "expires_in_days"),
        ({"name": "", "expires_in_days": 30}, "name"),
        ({"name": "x" * 10_000, "expires_in_days": 30}, "name"),
    ],
)
def test_bad_values_for_a_new_token_answer_400_by_field(client, data, field):
    client.force_login(UserFactory())

    response = _post_json(client, TOKENS, data)

    assert response.status_code == 400
    assert list(response.json()["fields"]) == [field]
    assert not AccessToken.objects.exists()


def test_the_21st_live_token_answers_400_with_a_message(client):
    person = UserFactory()
    for number in range(20):
        _token(person, name=f"Script {number}")
    client.force_login(person)

    response = _post_json(client, TOKENS, {"name": "More", "expires_in_days": 30})

    assert response.status_code == 400
    assert "Revoke one" in response.json()["detail"]
    assert response.json()["fields"]["__all__"]


def test_a_token_cannot_create_more_tokens():
    _token_row, secret = _token(UserFactory())

    response = _post_json(
        Client(), TOKENS, {"name": "Child", "expires_in_days": None}, **_bearer(secret)
    )

    assert response.status_code == 401
    assert AccessToken.objects.count() == 1


def test_the_list_shows_only_ones_own_tokens_newest_first(client):
    person = UserFactory()
    _token(UserFactory(), name="Someone else's")
    older, _secret = _token(person, name="Older")
    newer, _secret = _token(person, name="Newer")
    client.force_login(person)

    items = client.get(TOKENS).json()["items"]

    assert [item["id"] for item in items] == [newer.pk, older.pk]
    assert set(items[0]) == {
        "id",
        "name",
        "prefix",
        "created_at",
        "expires_at",
        "last_used_at",
        "revoked",
    }


def test_the_list_is_paged_with_a_cursor(client):
    person = UserFactory()
    for number in range(3):
        _token(person, name=f"Script {number}")
    client.force_login(person)

    first = client.get(TOKENS, {"size": 2}).json()
    second = client.get(TOKENS, {"size": 2, "cursor": first["next_cursor"]}).json()

    assert len(first["items"]) == 2
    assert len(second["items"]) == 1
    assert second["next_cursor"] is None


def test_a_token_can_list_and_revoke_its_owners_tokens():
    person = UserFactory()
    token, secret = _token(person)

    listed = Client().get(TOKENS, **_bearer(secret))
    revoked = Client().delete(f"{TOKENS}/{token.pk}", **_bearer(secret))

    assert listed.status_code == 200
    assert revoked.status_code == 204
    assert _me_with(secret).status_code == 401


def test_revoking_in_the_api_twice_answers_204_and_keeps_the_first_moment(client):
    person = UserFactory()
    token, _secret = _token(person)
    client.force_login(person)

    first = client.delete(f"{TOKENS}/{token.pk}")
    token.refresh_from_db()
    revoked_at = token.revoked_at
    second = client.delete(f"{TOKENS}/{token.pk}")

    assert first.status_code == second.status_code == 204
    token.refresh_from_db()
    assert token.revoked_at == revoked_at
    assert client.get(TOKENS).json()["items"][0]["revoked"] is True


def test_another_persons_token_cannot_be_revoked_in_the_api(client):
    token, secret = _token(UserFactory())
    client.force_login(AdministratorFactory())

    response = client.delete(f"{TOKENS}/{token.pk}")
    missing = client.delete(f"{TOKENS}/{token.pk + 1000}")

    assert response.status_code == 404
    assert response.json() == missing.json()
    assert _me_with(secret).status_code == 200


def test_revoking_someone_elses_token_in_the_service_looks_like_a_missing_one():
    token, _secret = _token(UserFactory())

    with pytest.raises(NotFound):
        services.revoke_access_token(token=token, revoked_by=UserFactory())

    token.refresh_from_db()
    assert token.revoked_at is None


def _query_count(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("url", [TOKENS, reverse("accounts:tokens")])
def test_the_token_lists_cost_the_same_queries_for_5_and_50(
    client, django_assert_max_num_queries, url
):
    person = UserFactory()
    for number in range(5):
        _token(person, name=f"Script {number}")
    client.force_login(person)
    client.get(url)
    few = _query_count(client, url)

    RevokedTokenFactory.create_batch(45, person=person)
    with django_assert_max_num_queries(few):
        response = client.get(url)

    assert response.status_code == 200


# --- Pages ----------------------------------------------------------------------


def test_the_tokens_page_needs_a_signed_in_person(client):
    response = client.get(reverse("accounts:tokens"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


def test_creating_a_token_on_the_page_shows_the_secret_once(client):
    person = UserFactory()
    client.force_login(person)

    created = client.post(
        reverse("accounts:tokens"), {"name": "Weekly report", "expires_in_days": "7"}
    )
    reloaded = client.get(reverse("accounts:tokens"))

    assert created.status_code == 200
    secret = created.context["created"]["secret"]
    assert secret in created.text
    assert "will not be shown again" in created.text
    assert "no-store" in created["Cache-Control"]
    assert _me_with(secret).json()["id"] == person.pk
    assert secret not in reloaded.text
    assert secret[:8] in reloaded.text
    assert "Weekly report" in reloaded.text


def test_a_token_that_never_expires_can_be_made_on_the_page(client):
    client.force_login(UserFactory())

    client.post(
        reverse("accounts:tokens"), {"name": "Nightly", "expires_in_days": "never"}
    )

    assert AccessToken.objects.get().expires_at is None


def test_a_bad_token_form_keeps_what_was_typed_and_says_why(client):
    client.force_login(UserFactory())

    response = client.post(
        reverse("accounts:tokens"), {"name": "Weekly report", "expires_in_days": "10"}
    )

    assert response.status_code == 400
    assert 'value="Weekly report"' in response.text
    assert not AccessToken.objects.exists()


def test_the_limit_is_explained_on_the_page(client):
    person = UserFactory()
    for number in range(20):
        _token(person, name=f"Script {number}")
    client.force_login(person)

    response = client.post(
        reverse("accounts:tokens"), {"name": "More", "expires_in_days": "30"}
    )

    assert response.status_code == 400
    assert "Revoke one" in response.text
    assert 'value="More"' in response.text


def test_revoking_on_the_page_ends_the_token(client):
    person = UserFactory()
    token, secret = _token(person)
    client.force_login(person)

    response = client.post(reverse("accounts:token-revoke", args=[token.pk]))
    page = client.get(reverse("accounts:tokens"))

    assert response.status_code == 302
    assert response.url == reverse("accounts:tokens")
    assert _me_with(secret).status_code == 401
    assert "Revoked" in page.text


def test_another_persons_token_cannot_be_revoked_on_the_page(client):
    token, secret = _token(UserFactory())
    client.force_login(UserFactory())

    response = client.post(reverse("accounts:token-revoke", args=[token.pk]))

    assert response.status_code == 404
    assert _me_with(secret).status_code == 200


def test_revoking_needs_a_post(client):
    person = UserFactory()
    token, _secret = _token(person)
    client.force_login(person)

    response = client.get(reverse("accounts:token-revoke", args=[token.pk]))

    assert response.status_code == 405
