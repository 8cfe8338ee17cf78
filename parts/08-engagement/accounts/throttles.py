"""
Rate limits on the auth endpoints that can be abused: e-mailing codes (nobody may flood
someone's inbox), logging in (nobody may guess passwords) and signing up (nobody may
make accounts by the thousand). Each 429 says in Retry-After how long to wait.
"""
import hashlib
from collections.abc import Mapping

from rest_framework import serializers
from rest_framework.throttling import SimpleRateThrottle

from accounts.models import User


# --8<-- [start:address-key]
def address_key(request) -> str | None:
    """
    The e-mail address in the body, as a short hash of the form the database compares
    (User.objects.with_email): "ANN@example.com" and "ſann@example.com" count as one.
    Validated first, so a 2 MB "address" never becomes a 2 MB cache key; None if the
    body has no valid address (the view will answer 400 anyway).
    """
    raw = request.data.get("email") if isinstance(request.data, Mapping) else None
    try:
        email = serializers.EmailField(max_length=254).run_validation(raw)
    except serializers.ValidationError:
        return None
    return hashlib.sha256(User.objects.normalize_email(email).encode()).hexdigest()[:32]
# --8<-- [end:address-key]


# --8<-- [start:per-address]
class PerAddressThrottle(SimpleRateThrottle):
    """Counts requests per e-mail address in the body."""

    def get_cache_key(self, request, view):
        key = address_key(request)
        return None if key is None else self.cache_format % {"scope": self.scope, "ident": key}
# --8<-- [end:per-address]


class PerClientThrottle(SimpleRateThrottle):
    """Counts requests per client IP address."""

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


# --8<-- [start:failures-only]
class FailuresOnlyMixin:
    """
    A throttle that refuses once too many requests have failed, and counts only those:
    letting a request through counts nothing, the view calls failure_record() when the
    request turns out to be a failure (a wrong password).
    """

    def throttle_success(self):
        return True

    def failure_record(self, request, view) -> None:
        if self.rate is None or (key := self.get_cache_key(request, view)) is None:
            return
        now = self.timer()
        recent = [moment for moment in self.cache.get(key, []) if moment > now - self.duration]
        self.cache.set(key, [now, *recent], self.duration)
# --8<-- [end:failures-only]


# --8<-- [start:email-throttles]
class VerificationEmailThrottle(PerAddressThrottle):
    scope = "verification_emails"


class PasswordResetEmailThrottle(PerAddressThrottle):
    scope = "password_reset_emails"
# --8<-- [end:email-throttles]


class LoginFailuresPerAddressThrottle(FailuresOnlyMixin, PerAddressThrottle):
    scope = "login_failures_per_address"


class LoginFailuresPerClientThrottle(FailuresOnlyMixin, PerClientThrottle):
    scope = "login_failures_per_client"


class RegistrationsPerAddressThrottle(PerAddressThrottle):
    scope = "registrations_per_address"


class RegistrationsPerClientThrottle(PerClientThrottle):
    scope = "registrations_per_client"
