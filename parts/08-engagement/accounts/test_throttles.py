"""
Rate limits: keyed on the address as the database compares it (validated, normalised,
hashed), and on the client; login counts only failures. Every refusal is a 429 in DRF's
shape, with Retry-After.
"""
import pytest
from rest_framework.throttling import SimpleRateThrottle

from accounts.throttles import address_key
from conftest import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture
def rates(monkeypatch):
    """Lower a rate for one test (DRF reads the rates once, when it is imported)."""

    def rates(**scopes):
        for scope, rate in scopes.items():
            monkeypatch.setitem(SimpleRateThrottle.THROTTLE_RATES, scope, rate)

    return rates


def expect_throttled(response):
    assert response.status_code == 429
    assert response.json()["code"] == "throttled"
    assert int(response.headers["Retry-After"]) > 0


class FakeRequest:
    def __init__(self, data):
        self.data = data


def test_the_address_key_is_a_short_hash_of_the_normalised_address():
    key = address_key(FakeRequest({"email": "  Sam@Example.COM "}))

    assert len(key) == 32 and "sam" not in key
    # Long s (U+017F) and Kelvin sign (U+212A) are the plain letters to the database too
    assert address_key(FakeRequest({"email": "\u017fam@example.com"})) == key
    assert address_key(FakeRequest({"email": "\u017fam@example.com".upper()})) == key
    kim = address_key(FakeRequest({"email": "kim@example.com"}))
    assert kim is not None and address_key(FakeRequest({"email": "\u212aim@example.com"})) == kim


@pytest.mark.parametrize("data", [{"email": "x" * 2_000_000}, {"email": ["a@example.com"]}, {}, ["a"], "text"])
def test_a_body_without_a_valid_address_has_no_address_key(data):
    assert address_key(FakeRequest(data)) is None


def test_look_alike_spellings_share_the_resend_allowance(post, make_user):
    make_user(email="sam@example.com", username="sam", verified=False)
    for _ in range(5):
        assert post("/api/auth/resend-verification/", {"email": "sam@example.com"}).status_code == 200

    expect_throttled(post("/api/auth/resend-verification/", {"email": "\u017fam@example.com"}))


def test_failed_logins_for_one_address_are_limited(post, make_user):
    make_user()
    for _ in range(10):
        assert post("/api/auth/login/", {"email": "ann@example.com", "password": "wrong"}).status_code == 401

    # Now even the right password waits: the guesser cannot tell when they hit it
    expect_throttled(post("/api/auth/login/", {"email": "ANN@example.com", "password": PASSWORD}))
    # Someone else is not affected
    assert post("/api/auth/login/", {"email": "bob@example.com", "password": "wrong"}).status_code == 401


def test_successful_logins_are_not_counted(login, make_user):
    make_user()

    for _ in range(15):
        login()


def test_failed_logins_from_one_client_are_limited(post, rates):
    rates(login_failures_per_client="3/hour")
    for number in range(3):
        post("/api/auth/login/", {"email": f"guess{number}@example.com", "password": "wrong"})

    expect_throttled(post("/api/auth/login/", {"email": "another@example.com", "password": "wrong"}))
    # Another client (another IP address) is not affected
    response = post("/api/auth/login/", {"email": "another@example.com", "password": "wrong"},
                    REMOTE_ADDR="192.0.2.7")
    assert response.status_code == 401


def test_a_made_up_forwarded_for_header_does_not_make_a_new_client(post, rates):
    rates(login_failures_per_client="2/hour")
    for number in range(2):
        post("/api/auth/login/", {"email": f"guess{number}@example.com", "password": "wrong"},
             HTTP_X_FORWARDED_FOR=f"198.51.100.{number}")

    expect_throttled(post("/api/auth/login/", {"email": "guess9@example.com", "password": "wrong"},
                          HTTP_X_FORWARDED_FOR="198.51.100.9"))


def test_registrations_for_one_address_are_limited(post):
    for number in range(5):
        post("/api/auth/register/", {"email": "ann@example.com", "username": f"ann{number}", "password": PASSWORD})

    expect_throttled(post("/api/auth/register/",
                          {"email": "ann@example.com", "username": "ann9", "password": PASSWORD}))


def test_registrations_from_one_client_are_limited(post, rates):
    rates(registrations_per_client="2/hour")
    for number in range(2):
        response = post("/api/auth/register/",
                        {"email": f"u{number}@example.com", "username": f"u{number}", "password": PASSWORD})
        assert response.status_code == 201

    expect_throttled(post("/api/auth/register/",
                          {"email": "u9@example.com", "username": "u9", "password": PASSWORD}))
