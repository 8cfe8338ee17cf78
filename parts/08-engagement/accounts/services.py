"""
Everything that changes an account happens here: views validate the input, call one of
these functions, and shape the answer. Each function is one transaction.
"""
from django.contrib.auth import authenticate
from django.db import IntegrityError, transaction
from django.utils import timezone
from rest_framework.exceptions import ValidationError
from rest_framework_simplejwt.exceptions import TokenBackendError
from rest_framework_simplejwt.state import token_backend
from rest_framework_simplejwt.token_blacklist.models import BlacklistedToken, OutstandingToken
from rest_framework_simplejwt.tokens import RefreshToken

from accounts import emails
from accounts.codes import CodeCheck, code_check, code_issue
from accounts.errors import CodeRejected, EmailNotVerified, InvalidCredentials, RefreshTokenRejected
from accounts.models import OneTimeCode, User

VERIFY = OneTimeCode.Purpose.VERIFY_EMAIL
RESET = OneTimeCode.Purpose.RESET_PASSWORD


def _user_by_email(email: str) -> User | None:
    return User.objects.with_email(email).first()


def _send_code_after_commit(user: User, purpose: str) -> None:
    code = code_issue(user=user, purpose=purpose)
    send = emails.send_verification_code if purpose == VERIFY else emails.send_password_reset_code
    # Only once the transaction is committed: never e-mail a code that was rolled back.
    transaction.on_commit(lambda: send(user, code))


def _use_code(user: User | None, purpose: str, code: str) -> User:
    if user is None:
        raise CodeRejected(CodeCheck.WRONG)  # same answer as a wrong code: no account probing
    result = code_check(user=user, purpose=purpose, code=code)
    if result is not CodeCheck.ACCEPTED:
        raise CodeRejected(result)
    return user


# --8<-- [start:register]
@transaction.atomic
def user_register(*, email: str, username: str, password: str) -> User:
    try:
        with transaction.atomic():
            user = User.objects.create_user(email=email, username=username, password=password)
    except IntegrityError:
        # Two sign-ups at the same moment both passed the serializer's check; the
        # database's unique constraints (part 03) stopped the second one here.
        raise ValidationError({"email": ["A user with this e-mail or username already exists."]}) from None
    _send_code_after_commit(user, VERIFY)
    return user
# --8<-- [end:register]


@transaction.atomic
def verification_code_resend(*, email: str) -> None:
    """E-mail a fresh code to an unverified account; silently nothing otherwise."""
    user = _user_by_email(email)
    if user is not None and not user.is_email_verified:
        _send_code_after_commit(user, VERIFY)


def email_verify(*, email: str, code: str) -> User:
    user = _use_code(_user_by_email(email), VERIFY, code)
    if not user.is_email_verified:
        user.email_verified_at = timezone.now()
        user.save(update_fields=["email_verified_at", "updated_at"])
    return user


# --8<-- [start:login]
def user_login(*, email: str, password: str) -> tuple[User, RefreshToken]:
    user = authenticate(email=email, password=password)
    if user is None:
        raise InvalidCredentials()
    if not user.is_email_verified:
        raise EmailNotVerified()
    user.last_login = timezone.now()
    user.save(update_fields=["last_login"])
    return user, RefreshToken.for_user(user)
# --8<-- [end:login]


def refresh_tokens_revoke_all(*, user: User) -> None:
    """Log the user out everywhere: every refresh token they hold stops working."""
    live = OutstandingToken.objects.filter(user=user, expires_at__gt=timezone.now(), blacklistedtoken=None)
    # One INSERT; a token that a request running at the same moment blacklisted is skipped.
    BlacklistedToken.objects.bulk_create([BlacklistedToken(token=token) for token in live], ignore_conflicts=True)


def _issued_refresh_token(raw: str) -> OutstandingToken:
    """The database row of a refresh token we signed and that has not expired."""
    try:
        payload = token_backend.decode(raw, verify=True)  # checks the signature and the expiry
    except TokenBackendError:
        raise RefreshTokenRejected() from None
    if payload.get("token_type") != "refresh":
        raise RefreshTokenRejected()
    token = OutstandingToken.objects.select_related("user").filter(jti=payload.get("jti")).first()
    if token is None or token.user is None or not token.user.is_active:
        raise RefreshTokenRejected()  # a deleted or deactivated user has no session to refresh
    return token


# --8<-- [start:refresh]
def refresh_token_rotate(*, raw: str) -> RefreshToken:
    """
    Trade a refresh token for a new one, exactly once.

    Using a token blacklists it. The blacklist has one row per token at most (a unique
    key), so of two requests with the same token at the same moment the database lets
    one insert and the other fail: one new token, never two. A token that was already
    used means that someone else has a copy of it, the thief or the owner: we cannot
    tell which, so every refresh token of that user stops working (reuse detection),
    and the owner logs in again.
    """
    issued = _issued_refresh_token(raw)
    try:
        with transaction.atomic():
            BlacklistedToken.objects.create(token=issued)
            return RefreshToken.for_user(issued.user)
    except IntegrityError:
        refresh_tokens_revoke_all(user=issued.user)
        raise RefreshTokenRejected() from None
# --8<-- [end:refresh]


@transaction.atomic
def password_change(*, user: User, new_password: str) -> None:
    user.set_password(new_password)
    user.save(update_fields=["password", "updated_at"])
    refresh_tokens_revoke_all(user=user)


@transaction.atomic
def password_reset_request(*, email: str) -> None:
    """E-mail a reset code if the account exists; the caller answers the same either way."""
    user = _user_by_email(email)
    if user is not None and user.is_active:
        _send_code_after_commit(user, RESET)


def password_reset_confirm(*, email: str, code: str, new_password: str) -> None:
    # Checking the code commits on its own, so a wrong try counts even though we raise.
    user = _use_code(_user_by_email(email), RESET, code)
    with transaction.atomic():
        # Receiving the code proves the user owns the address, so it is verified too.
        user.email_verified_at = user.email_verified_at or timezone.now()
        user.set_password(new_password)
        user.save(update_fields=["password", "email_verified_at", "updated_at"])
        refresh_tokens_revoke_all(user=user)
