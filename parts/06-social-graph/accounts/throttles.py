"""Limits on the endpoints that e-mail codes, so nobody can flood someone's inbox."""
from collections.abc import Mapping

from rest_framework.throttling import SimpleRateThrottle


class PerEmailAddressThrottle(SimpleRateThrottle):
    """Counts requests per e-mail address in the body (per client IP when there is none)."""

    def get_cache_key(self, request, view):
        email = request.data.get("email") if isinstance(request.data, Mapping) else None
        if isinstance(email, str) and email.strip():
            ident = email.strip().lower()
        else:
            ident = self.get_ident(request)
        return self.cache_format % {"scope": self.scope, "ident": ident}


class VerificationEmailThrottle(PerEmailAddressThrottle):
    scope = "verification_emails"


class PasswordResetEmailThrottle(PerEmailAddressThrottle):
    scope = "password_reset_emails"
