"""
The limits on e-mails and sign-in, seen from outside: what they count, and what they store.
(The test bed raises only the verification-e-mail limit; password reset keeps 5 an hour.)
"""
from __future__ import annotations

import pytest
import redis

from tests.reliability.conftest import REDIS_URL, Bed

pytestmark = [pytest.mark.slow, pytest.mark.services]


def reset(bed: Bed, email: str) -> int:
    return bed.fresh_api().request("POST", "/api/auth/password/reset/", json={"email": email}).status_code


def test_password_reset_e_mails_are_limited_per_address(bed: Bed):
    email = bed.worlds["throttle"]["other"].email

    statuses = [reset(bed, email) for _ in range(6)]

    assert statuses == [200] * 5 + [429]


def test_a_look_alike_spelling_counts_as_the_same_address(bed: Bed):
    email = bed.worlds["throttle"]["outsider"].email  # outsider_throttle@...: it has an "s"
    assert [reset(bed, email) for _ in range(5)] == [200] * 5

    # "ſ" (long s) is the same letter to PostgreSQL's case-insensitive comparison.
    assert reset(bed, email.replace("s", "ſ", 1)) == 429


def test_twenty_wrong_passwords_in_a_row_are_throttled(bed: Bed):
    person = bed.worlds["throttle"]["owner"]
    api = bed.fresh_api()

    answers = [api.request("POST", "/api/auth/login/", json={"email": person.email, "password": f"wrong-{i}"})
               for i in range(20)]

    throttled = [answer for answer in answers if answer.status_code == 429]
    assert throttled, [answer.status_code for answer in answers]
    assert throttled[0].headers.get("Retry-After", "").isdigit()


def test_a_refused_huge_body_leaves_no_huge_cache_key(bed: Bed):
    huge = "a" * 2_000_000 + "@example.com"

    answer = bed.fresh_api().request("POST", "/api/auth/resend-verification/", json={"email": huge})

    assert answer.status_code == 400
    keys = list(redis.Redis.from_url(REDIS_URL).scan_iter(match=f"{bed.served.key_prefix}:*", count=1000))
    assert max(map(len, keys), default=0) < 300, f"a cache key of {max(map(len, keys))} bytes"
