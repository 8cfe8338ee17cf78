"""
One-time codes: issue a 6-digit code, and check one exactly once.

The rules live here and nowhere else: codes are stored as keyed hashes, expire after
CODE_LIFETIME, die after MAX_FAILED_ATTEMPTS wrong tries, and a new code replaces the
previous one of the same purpose.
"""
import secrets
from datetime import timedelta
from enum import Enum

from django.db import transaction
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac

from accounts.models import OneTimeCode, User

CODE_LIFETIME = timedelta(minutes=10)
MAX_FAILED_ATTEMPTS = 5


class CodeCheck(Enum):
    ACCEPTED = "accepted"
    WRONG = "invalid_code"
    EXPIRED = "code_expired"
    EXHAUSTED = "too_many_attempts"


def _hash(user: User, purpose: str, code: str) -> str:
    # Keyed with SECRET_KEY: a leaked database alone does not reveal the codes.
    return salted_hmac("accounts.one-time-code", f"{user.pk}:{purpose}:{code}").hexdigest()


def code_issue(*, user: User, purpose: str) -> str:
    """Create (or replace) the user's code for `purpose`; return it in clear to be e-mailed."""
    code = f"{secrets.randbelow(1_000_000):06d}"
    OneTimeCode.objects.update_or_create(
        user=user,
        purpose=purpose,
        defaults={
            "code_hash": _hash(user, purpose, code),
            "expires_at": timezone.now() + CODE_LIFETIME,
            "failed_attempts": 0,
        },
    )
    return code


@transaction.atomic
def code_check(*, user: User, purpose: str, code: str) -> CodeCheck:
    """Check `code`; a correct one is used up, a wrong one counts against the limit."""
    stored = OneTimeCode.objects.select_for_update().filter(user=user, purpose=purpose).first()
    if stored is None:
        return CodeCheck.WRONG
    if stored.failed_attempts >= MAX_FAILED_ATTEMPTS:
        return CodeCheck.EXHAUSTED
    if stored.expires_at <= timezone.now():
        return CodeCheck.EXPIRED
    if not constant_time_compare(stored.code_hash, _hash(user, purpose, code)):
        stored.failed_attempts += 1
        stored.save(update_fields=["failed_attempts"])
        return CodeCheck.EXHAUSTED if stored.failed_attempts >= MAX_FAILED_ATTEMPTS else CodeCheck.WRONG
    stored.delete()
    return CodeCheck.ACCEPTED
