"""Which address a rate limit counts, with and without a proxy in front."""

from django.test import RequestFactory, override_settings

from commonplace.core.ratelimit import client_ip


def _request(**headers):
    return RequestFactory().get("/", REMOTE_ADDR="10.0.0.9", **headers)


def test_without_a_proxy_the_connection_is_the_client():
    request = _request(HTTP_X_FORWARDED_FOR="203.0.113.5")

    assert client_ip(request) == "10.0.0.9"


@override_settings(BEHIND_PROXY=True)
def test_behind_a_proxy_the_address_it_wrote_is_the_client():
    request = _request(HTTP_X_FORWARDED_FOR="198.51.100.7")

    assert client_ip(request) == "198.51.100.7"


@override_settings(BEHIND_PROXY=True)
def test_an_address_the_client_made_up_is_not_counted():
    # The client sent "X-Forwarded-For: 1.2.3.4"; the proxy appended its view.
    request = _request(HTTP_X_FORWARDED_FOR="1.2.3.4, 198.51.100.7")

    assert client_ip(request) == "198.51.100.7"


@override_settings(BEHIND_PROXY=True)
def test_behind_a_proxy_without_the_header_the_connection_counts():
    assert client_ip(_request(HTTP_X_FORWARDED_FOR=" ")) == "10.0.0.9"
