"""E-mail verification codes: right once, wrong five times at most, dead after 10 minutes."""
from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.models import OneTimeCode
from conftest import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture
def registered(post):
    post("/api/auth/register/", {"email": "ann@example.com", "username": "ann", "password": PASSWORD})
    return "ann@example.com"


def test_the_right_code_verifies_the_email(post, registered, code_sent_to):
    response = post("/api/auth/verify-email/", {"email": registered, "code": code_sent_to(registered)})

    assert response.status_code == 200
    assert response.json()["email_verified"] is True


def test_a_code_works_only_once(post, registered, code_sent_to):
    code = code_sent_to(registered)
    post("/api/auth/verify-email/", {"email": registered, "code": code})

    again = post("/api/auth/verify-email/", {"email": registered, "code": code})

    assert again.status_code == 400


def test_a_wrong_code_is_refused(post, registered, code_sent_to):
    wrong = "000000" if code_sent_to(registered) != "000000" else "111111"

    response = post("/api/auth/verify-email/", {"email": registered, "code": wrong})

    assert response.status_code == 400
    assert response.json()["code"] == "invalid_code"


def test_the_code_dies_after_five_wrong_tries(post, registered, code_sent_to):
    right = code_sent_to(registered)
    wrong = "000000" if right != "000000" else "111111"
    for _ in range(5):
        post("/api/auth/verify-email/", {"email": registered, "code": wrong})

    # Even the right code no longer works
    response = post("/api/auth/verify-email/", {"email": registered, "code": right})

    assert response.status_code == 400
    assert response.json()["code"] == "too_many_attempts"


def test_an_expired_code_is_refused(post, registered, code_sent_to):
    code = code_sent_to(registered)
    OneTimeCode.objects.update(expires_at=timezone.now() - timedelta(seconds=1))

    response = post("/api/auth/verify-email/", {"email": registered, "code": code})

    assert response.status_code == 400
    assert response.json()["code"] == "code_expired"


def test_codes_are_stored_hashed(registered, code_sent_to):
    stored = OneTimeCode.objects.get()

    assert code_sent_to(registered) not in stored.code_hash


def test_resend_replaces_the_old_code(post, registered, code_sent_to):
    old = code_sent_to(registered)
    post("/api/auth/resend-verification/", {"email": registered})
    new = code_sent_to(registered)
    if new == old:  # one chance in a million
        pytest.skip("the new code happened to equal the old one")

    assert post("/api/auth/verify-email/", {"email": registered, "code": old}).status_code == 400
    assert post("/api/auth/verify-email/", {"email": registered, "code": new}).status_code == 200


def test_resend_answers_the_same_for_unknown_addresses(post, registered, mailoutbox):
    known = post("/api/auth/resend-verification/", {"email": registered})
    unknown = post("/api/auth/resend-verification/", {"email": "nobody@example.com"})

    assert known.status_code == unknown.status_code == 200
    assert known.json() == unknown.json()
    assert [message.to for message in mailoutbox] == [[registered], [registered]]


def test_resend_is_rate_limited_per_address(post, registered):
    answers = [post("/api/auth/resend-verification/", {"email": registered}).status_code for _ in range(6)]

    assert answers == [200] * 5 + [429]
    limited = post("/api/auth/resend-verification/", {"email": registered})
    assert int(limited.headers["Retry-After"]) > 0


def test_verify_with_an_unknown_address_looks_like_a_wrong_code(post):
    response = post("/api/auth/verify-email/", {"email": "nobody@example.com", "code": "123456"})

    assert response.status_code == 400
    assert response.json()["code"] == "invalid_code"


@pytest.mark.parametrize("code", ["12345", "1234567", "abcdef", 12.5, None, ["123456"]])
def test_a_code_must_be_six_digits(post, registered, code):
    response = post("/api/auth/verify-email/", {"email": registered, "code": code})

    assert response.status_code == 400
    # A field error (a list of messages), not a checked-and-wrong code
    assert isinstance(response.json()["code"], list)
