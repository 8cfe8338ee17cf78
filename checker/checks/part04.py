"""Part 04 — authentication: registration, e-mail codes, JWT, password change and reset."""
import base64
import hashlib
import hmac
import json
import secrets
import threading
import time
from concurrent.futures import ThreadPoolExecutor

from checker.http import CheckFailed
from checker.registry import NEEDS_BOOTED_SERVER, NEEDS_MAIL, Part
from checker.steps import (NEVER_IN_A_BODY, PASSWORD, bearer, expect_400_naming, expect_jwt_pair,  # noqa: F401
                           expect_no_secrets,
                           expect_same_answer_for_known_and_unknown, logged_in, new_person, register,
                           unknown_email, verified)

PART = Part(4, "authentication", "Authentication: registration, e-mail verification, JWT")

MAIL = (NEEDS_MAIL,)  # these checks read the e-mails the project sends (sign-up codes)
NEW_PASSWORD = "Checker-New-Pass-77!"


def wrong_code(right: str) -> str:
    return "000000" if right != "000000" else "111111"


# -- registration -----------------------------------------------------------------------------
@PART.check("register.created", "POST /api/auth/register/ creates the user: 201, no password or hash in the body",
            hint="Return the new user with a serializer that has no password field (write_only=True).",
            anchor="registration")
def register_created(ctx):
    person = new_person()
    response = ctx.post("/api/auth/register/", json=person)
    response.expect_status(201)
    expect_no_secrets(response)
    if '"password"' in response.text:
        raise CheckFailed('the body has a "password" key', expected="no password at all", response=response)


@PART.check("register.emails-a-code", "Registering e-mails a 6-digit code to the new address",
            hint="Create a code when the user registers and send it with django.core.mail.send_mail.",
            anchor="codes-by-e-mail", needs=MAIL)
def register_emails_code(ctx):
    person = register(ctx)
    ctx.code_sent_to(person["email"])


@PART.check("register.duplicate-email", "A second registration with the same e-mail, in any case, is 400",
            hint="Compare e-mail addresses case-insensitively (email__iexact) in the serializer; the "
                 "database constraint from part 03 is the last line of defence.",
            anchor="registration")
def register_duplicate_email(ctx):
    person = register(ctx)
    twin = {**new_person(), "email": person["email"].upper()}
    expect_400_naming(ctx.post("/api/auth/register/", json=twin), "email")


@PART.check("register.duplicate-username", "A second registration with a taken username is 400",
            hint="Check username uniqueness case-insensitively too.", anchor="registration")
def register_duplicate_username(ctx):
    person = register(ctx)
    response = ctx.post("/api/auth/register/", json={**new_person(), "username": person["username"].upper()})
    expect_400_naming(response, "username")


@PART.check("register.weak-password", "Weak passwords are refused with 400 on the password field",
            hint="Run django.contrib.auth.password_validation.validate_password in the serializer.",
            anchor="registration")
def register_weak_password(ctx):
    for weak in ("short", "password123", "123456789012"):
        response = ctx.post("/api/auth/register/", json={**new_person(), "password": weak})
        expect_400_naming(response, "password", what=f"password {weak!r}")


@PART.check("register.bad-input", "Bad input of every kind is a 400 with JSON errors, never a 500",
            hint="Let serializers validate everything (types, lengths, formats); never index request.data "
                 "yourself before validation.",
            anchor="bad-input")
def register_bad_input(ctx):
    bad_bodies = [
        {"json": {}},
        {"json": {"email": 42, "username": ["x"], "password": {"a": 1}}},
        {"json": {"email": "not-an-email", "username": "ok_name", "password": PASSWORD}},
        {"json": {"email": "a" * 5000 + "@example.com", "username": "u" * 5000, "password": "p" * 5000}},
        {"json": ["a", "list"]},
        {"data": b"{this is not json", "headers": {"Content-Type": "application/json"}},
    ]
    for body in bad_bodies:
        response = ctx.post("/api/auth/register/", **body)
        response.expect_status(400).expect_json_content_type()


# -- verification -------------------------------------------------------------------------------
@PART.check("verify.right-code", "POST /api/auth/verify-email/ with the e-mailed code is 200, and only once",
            hint="Look the code up for that user, compare hashes, then delete it so it cannot be reused.",
            anchor="verifying-the-address", needs=MAIL)
def verify_right_code(ctx):
    person = register(ctx)
    body = {"email": person["email"], "code": ctx.code_sent_to(person["email"])}
    ctx.post("/api/auth/verify-email/", json=body).expect_status(200)
    ctx.post("/api/auth/verify-email/", json=body).expect_status(
        400, hint="A used code must stop working.")


@PART.check("verify.wrong-code", "A wrong code, or an unknown e-mail, is 400",
            hint="Answer an unknown address exactly like a wrong code: nothing reveals who has an account.",
            anchor="verifying-the-address", needs=MAIL)
def verify_wrong_code(ctx):
    person = register(ctx)
    right = ctx.code_sent_to(person["email"])
    ctx.post("/api/auth/verify-email/", json={"email": person["email"], "code": wrong_code(right)}).expect_status(400)
    ctx.post("/api/auth/verify-email/", json={"email": unknown_email(),
                                              "code": right}).expect_status(400)


@PART.check("verify.five-wrong-tries", "After 5 wrong tries the code is dead, even the right one",
            hint="Count failed attempts on the stored code (in a transaction of its own, so the count "
                 "survives the 400) and refuse once it reaches 5.",
            anchor="verifying-the-address", needs=MAIL)
def verify_five_tries(ctx):
    person = register(ctx)
    right = ctx.code_sent_to(person["email"])
    for _ in range(5):
        ctx.post("/api/auth/verify-email/", json={"email": person["email"], "code": wrong_code(right)})
    response = ctx.post("/api/auth/verify-email/", json={"email": person["email"], "code": right})
    if response.status != 400:
        raise CheckFailed(f"after 5 wrong tries the right code was still accepted (status {response.status}): "
                          "a 6-digit code can be guessed with enough tries", expected="400: the code is dead",
                          response=response)


@PART.check("verify.code-expires", "A code works for 10 minutes: still at 9, dead at 11 (the server's clock is moved)",
            hint="Store an expiry time with the code (timezone.now() + timedelta(minutes=10)) and refuse "
                 "the code once timezone.now() has passed it.",
            anchor="verifying-the-address", needs=(NEEDS_MAIL, NEEDS_BOOTED_SERVER))
def verify_code_expires(ctx):
    # The checker moves the booted server's clock (Django's timezone.now) instead of waiting.
    fresh, stale = register(ctx), register(ctx)
    fresh_code, stale_code = ctx.code_sent_to(fresh["email"]), ctx.code_sent_to(stale["email"])
    with ctx.clock_moved(minutes=9):
        ctx.post("/api/auth/verify-email/", json={"email": fresh["email"], "code": fresh_code}).expect_status(
            200, hint="A code is valid for 10 minutes: 9 minutes after sign-up it must still work.")
    with ctx.clock_moved(minutes=11):
        response = ctx.post("/api/auth/verify-email/", json={"email": stale["email"], "code": stale_code})
    if response.status != 400:
        raise CheckFailed(f"a code 11 minutes old was accepted (status {response.status}): it never expires",
                          expected="400: a code expires 10 minutes after it was sent", response=response)


@PART.check("verify.resend-replaces-the-code", "POST /api/auth/resend-verification/ sends a new code that replaces the old",
            hint="Keep one code per user and purpose: issuing a new one overwrites the old hash.",
            anchor="a-new-code", needs=MAIL)
def verify_resend_replaces(ctx):
    person = register(ctx)
    old = ctx.code_sent_to(person["email"])
    ctx.post("/api/auth/resend-verification/", json={"email": person["email"]}).expect_status(200)
    new = ctx.code_sent_to(person["email"], after=1)
    if new != old:
        ctx.post("/api/auth/verify-email/", json={"email": person["email"], "code": old}).expect_status(
            400, hint="The old code must stop working once a new one is sent.")
    ctx.post("/api/auth/verify-email/", json={"email": person["email"], "code": new}).expect_status(200)


@PART.check("verify.resend-reveals-nothing", "Resending answers 200 with the same body whether or not the e-mail exists",
            hint="Always answer 200 with one fixed message; only send the e-mail when the account exists.",
            anchor="a-new-code")
def verify_resend_reveals_nothing(ctx):
    expect_same_answer_for_known_and_unknown(ctx, "/api/auth/resend-verification/", register(ctx)["email"])


# -- login and tokens -------------------------------------------------------------------------
@PART.check("login.tokens", "POST /api/auth/login/ gives {access, refresh, user} to a verified user",
            hint="Authenticate with e-mail and password, then RefreshToken.for_user(user).",
            anchor="logging-in", needs=MAIL)
def login_tokens(ctx):
    person = verified(ctx)
    response = ctx.post("/api/auth/login/", json={"email": person["email"].upper(), "password": PASSWORD})
    response.expect_status(200).expect_json({})
    body = response.json()
    expect_jwt_pair(response, body)  # another auth scheme ({"token": ...}) is named as such
    for key in ("access", "refresh", "user"):
        if key not in body:
            raise CheckFailed(f'the login answer has no "{key}"', expected="{access, refresh, user}",
                              response=response)
    expect_no_secrets(response)


@PART.check("login.bad-credentials", "A wrong password or an unknown e-mail is 401",
            hint="Raise AuthenticationFailed (401), the same for both, so nobody learns which e-mails exist.",
            anchor="logging-in", needs=MAIL)
def login_bad_credentials(ctx):
    person = verified(ctx)
    ctx.post("/api/auth/login/", json={"email": person["email"], "password": "wrong-Pass-1"}).expect_status(401)
    ctx.post("/api/auth/login/", json={"email": unknown_email(),
                                       "password": PASSWORD}).expect_status(401)


@PART.check("login.unverified", "An unverified account gets 403 with code \"email_not_verified\"",
            hint="Check the verification flag after authenticating and raise an error whose code is "
                 "email_not_verified (the exception handler adds it to the body).",
            anchor="logging-in")
def login_unverified(ctx):
    person = register(ctx)
    response = ctx.post("/api/auth/login/", json={"email": person["email"], "password": PASSWORD})
    response.expect_status(403).expect_json({"code": "email_not_verified"})


@PART.check("me.with-token", "GET /api/auth/me/ with the access token returns the user",
            hint="JWTAuthentication in DEFAULT_AUTHENTICATION_CLASSES and IsAuthenticated on the view.",
            anchor="who-am-i", needs=MAIL)
def me_with_token(ctx):
    person, tokens = logged_in(ctx)
    response = ctx.get("/api/auth/me/", headers=bearer(tokens["access"]))
    response.expect_status(200).expect_json({"email": person["email"], "username": person["username"]})
    expect_no_secrets(response)


def token_payload(token: str) -> dict:
    """The claims of a JWT (read without checking the signature: only what it carries)."""
    try:
        payload = token.split(".")[1]
        return json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    except (IndexError, ValueError):
        raise CheckFailed(f"the token {token[:40]}… is not a JWT", expected="header.payload.signature") from None


@PART.check("tokens.payload-minimal", "Tokens carry an id, never the e-mail, the password or its hash",
            hint="Anyone holding a token can read its payload (it is only base64): keep simplejwt's "
                 "default claims and add nothing personal in RefreshToken.for_user.",
            anchor="logging-in", needs=MAIL)
def tokens_payload_minimal(ctx):
    person, tokens = logged_in(ctx)
    for kind in ("access", "refresh"):
        claims = token_payload(tokens[kind])
        text = json.dumps(claims).lower()
        for secret in (*NEVER_IN_A_BODY, person["email"]):
            if secret.lower() in text:
                raise CheckFailed(f"the {kind} token carries {secret!r} for anyone to read: {claims}",
                                  expected="a user id, the token type, expiry and id (jti) only")


MAX_ACCESS_MINUTES = 60


@PART.check("tokens.access-lifetime", f"An access token lives {MAX_ACCESS_MINUTES} minutes at most",
            hint="SIMPLE_JWT[\"ACCESS_TOKEN_LIFETIME\"] = timedelta(minutes=15): a stolen access token "
                 "cannot be revoked, so it must die soon; the refresh token is the long-lived one.",
            anchor="refreshing-and-logging-out", needs=MAIL)
def tokens_access_lifetime(ctx):
    _, tokens = logged_in(ctx)
    claims = token_payload(tokens["access"])
    if not isinstance(claims.get("exp"), (int, float)):
        raise CheckFailed(f"the access token has no expiry (exp): {claims}", expected="an exp claim")
    minutes = (claims["exp"] - claims.get("iat", time.time())) / 60
    if minutes > MAX_ACCESS_MINUTES:
        raise CheckFailed(f"the access token lives {minutes:g} minutes",
                          expected=f"at most {MAX_ACCESS_MINUTES} minutes (15 is usual)")


def _forged_expired_token(user_id, secret_key: str) -> str:
    """An access token signed with the checker's SECRET_KEY (simplejwt's default key) that expired."""
    def b64(data: bytes) -> bytes:
        return base64.urlsafe_b64encode(data).rstrip(b"=")

    now = int(time.time())
    header = b64(json.dumps({"alg": "HS256", "typ": "JWT"}).encode())
    payload = b64(json.dumps({"token_type": "access", "exp": now - 60, "iat": now - 120,
                              "jti": secrets.token_hex(16), "user_id": str(user_id)}).encode())
    signature = b64(hmac.new(secret_key.encode(), header + b"." + payload, hashlib.sha256).digest())
    return (header + b"." + payload + b"." + signature).decode()


@PART.check("me.rejects-bad-tokens", "GET /api/auth/me/ is 401 without a token, or with a bad or tampered one",
            hint="Keep IsAuthenticated on the view; simplejwt refuses tokens that are malformed or "
                 "wrongly signed, and refresh tokens used as access tokens.",
            anchor="who-am-i", needs=MAIL)
def me_rejects_bad_tokens(ctx):
    _, tokens = logged_in(ctx)
    header, payload, signature = tokens["access"].split(".")
    tampered = ".".join([header, payload[:-2] + ("AA" if payload[-2:] != "AA" else "BB"), signature])
    attempts = {
        "no token": {},
        "garbage": bearer("not-a-token"),
        "tampered": bearer(tampered),
        "refresh instead of access": bearer(tokens["refresh"]),
    }
    for name, headers in attempts.items():
        response = ctx.get("/api/auth/me/", headers=headers)
        response.expect_status(401, hint=f"A request with {name} must be refused with 401.")


@PART.check("me.rejects-expired-token", "GET /api/auth/me/ is 401 with an access token that has expired",
            hint="Leave simplejwt's expiry check alone (ACCESS_TOKEN_LIFETIME): an expired token is a 401.",
            anchor="who-am-i", needs=(NEEDS_MAIL, NEEDS_BOOTED_SERVER))
def me_rejects_expired_token(ctx):
    # The checker signs with the SECRET_KEY it gave the server (simplejwt's default key).
    _, tokens = logged_in(ctx)
    me = ctx.get("/api/auth/me/", headers=bearer(tokens["access"])).expect_status(200).json()
    expired = _forged_expired_token(me.get("id", ""), ctx.booted.secret_key)
    ctx.get("/api/auth/me/", headers=bearer(expired)).expect_status(401)


@PART.check("tokens.refresh-rotates", "POST /api/auth/token/refresh/ returns new tokens; the old refresh token dies",
            hint="SIMPLE_JWT: ROTATE_REFRESH_TOKENS and BLACKLIST_AFTER_ROTATION = True, with "
                 "rest_framework_simplejwt.token_blacklist installed and migrated.",
            anchor="refreshing-and-logging-out", needs=MAIL)
def tokens_refresh_rotates(ctx):
    _, tokens = logged_in(ctx)
    response = ctx.post("/api/auth/token/refresh/", json={"refresh": tokens["refresh"]}).expect_status(200)
    fresh = response.json()
    if not fresh.get("access") or not fresh.get("refresh") or fresh["refresh"] == tokens["refresh"]:
        raise CheckFailed("refreshing did not return a new access and a new refresh token",
                          expected="{access, refresh} with a different refresh token", response=response)
    ctx.get("/api/auth/me/", headers=bearer(fresh["access"])).expect_status(200)
    ctx.post("/api/auth/token/refresh/", json={"refresh": tokens["refresh"]}).expect_status(
        401, hint="A rotated refresh token must be blacklisted.")


@PART.check("tokens.logout", "POST /api/auth/logout/ {refresh} is 205, and that refresh token no longer works",
            hint="RefreshToken(request.data[\"refresh\"]).blacklist(), answer 205; a bad token is a 400.",
            anchor="refreshing-and-logging-out", needs=MAIL)
def tokens_logout(ctx):
    _, tokens = logged_in(ctx)
    ctx.post("/api/auth/logout/", json={"refresh": tokens["refresh"]},
             headers=bearer(tokens["access"])).expect_status(205)
    ctx.post("/api/auth/token/refresh/", json={"refresh": tokens["refresh"]}).expect_status(401)
    ctx.post("/api/auth/logout/", json={"refresh": "not-a-token"},
             headers=bearer(tokens["access"])).expect_status(400, 401)


# -- passwords ----------------------------------------------------------------------------------
@PART.check("password.change", "POST /api/auth/password/change/ needs the current password; the new one works",
            hint="Validate old_password with check_password and the new one with validate_password.",
            anchor="changing-a-password", needs=MAIL)
def password_change(ctx):
    person, tokens = logged_in(ctx)
    auth = bearer(tokens["access"])
    ctx.post("/api/auth/password/change/", headers=auth,
             json={"old_password": "wrong-Pass-1", "new_password": NEW_PASSWORD}).expect_status(400)
    ctx.post("/api/auth/password/change/", headers=auth,
             json={"old_password": PASSWORD, "new_password": "123"}).expect_status(400)
    ctx.post("/api/auth/password/change/", json={"old_password": PASSWORD, "new_password": NEW_PASSWORD}
             ).expect_status(401, hint="Changing a password needs a logged-in user.")
    ctx.post("/api/auth/password/change/", headers=auth,
             json={"old_password": PASSWORD, "new_password": NEW_PASSWORD}).expect_status(200)
    ctx.post("/api/auth/login/", json={"email": person["email"], "password": NEW_PASSWORD}).expect_status(200)
    ctx.post("/api/auth/login/", json={"email": person["email"], "password": PASSWORD}).expect_status(401)


@PART.check("password.reset-reveals-nothing", "POST /api/auth/password/reset/ answers 200 alike for known and unknown e-mails",
            hint="One fixed 200 message either way; send the code only when the account exists.",
            anchor="resetting-a-forgotten-password")
def password_reset_reveals_nothing(ctx):
    expect_same_answer_for_known_and_unknown(ctx, "/api/auth/password/reset/", register(ctx)["email"])


@PART.check("password.reset-confirm", "A reset code from the e-mail sets a new password; a wrong code is 400",
            hint="POST /api/auth/password/reset/confirm/ {email, code, new_password}: check the code like "
                 "the verification code, validate the password, then set_password.",
            anchor="resetting-a-forgotten-password", needs=MAIL)
def password_reset_confirm(ctx):
    person = verified(ctx)
    ctx.post("/api/auth/password/reset/", json={"email": person["email"]}).expect_status(200)
    code = ctx.code_sent_to(person["email"], after=1)
    ctx.post("/api/auth/password/reset/confirm/", json={
        "email": person["email"], "code": wrong_code(code), "new_password": NEW_PASSWORD}).expect_status(400)
    ctx.post("/api/auth/password/reset/confirm/", json={
        "email": person["email"], "code": code, "new_password": NEW_PASSWORD}).expect_status(200)
    ctx.post("/api/auth/login/", json={"email": person["email"], "password": NEW_PASSWORD}).expect_status(200)


# -- API documentation --------------------------------------------------------------------------
@PART.check("schema.openapi", "GET /api/schema/ is an OpenAPI 3 schema with the auth API and a bearer scheme",
            hint="drf-spectacular: DEFAULT_SCHEMA_CLASS = drf_spectacular.openapi.AutoSchema and "
                 "path(\"api/schema/\", SpectacularAPIView.as_view()).",
            anchor="api-documentation")
def schema_openapi(ctx):
    response = ctx.get("/api/schema/?format=json").expect_status(200)
    schema = response.json()
    if not str(schema.get("openapi", "")).startswith("3."):
        raise CheckFailed("the schema is not OpenAPI 3", expected='"openapi": "3.x"', response=response)
    missing = [path for path in ("/api/auth/register/", "/api/auth/login/", "/api/auth/me/")
               if path not in schema.get("paths", {})]
    if missing:
        raise CheckFailed(f"the schema lacks {', '.join(missing)}", expected="every auth endpoint",
                          response=response)
    schemes = schema.get("components", {}).get("securitySchemes", {})
    if not any(scheme.get("scheme") == "bearer" for scheme in schemes.values()):
        raise CheckFailed("the schema has no bearer security scheme", expected="a JWT bearer scheme",
                          response=response)


@PART.check("schema.swagger-ui", "GET /api/docs/ serves Swagger UI",
            hint="path(\"api/docs/\", SpectacularSwaggerView.as_view(url_name=\"schema\")).",
            anchor="api-documentation")
def schema_swagger_ui(ctx):
    response = ctx.get("/api/docs/", headers={"Accept": "text/html"}).expect_status(200)
    if "swagger" not in response.text.lower():
        raise CheckFailed("the page does not look like Swagger UI", expected="Swagger UI", response=response)


# -- rate limits (last: they use up their own addresses' allowance) -------------------------------
def _hammer(ctx, path: str, email: str, limit: int = 30):
    seen = set()
    for _ in range(limit):
        response = ctx.post(path, json={"email": email})
        if response.status == 429:
            if not response.headers.get("retry-after"):
                raise CheckFailed("the 429 has no Retry-After header", expected="Retry-After: <seconds>",
                                  response=response)
            return
        seen.add(response.status)
    if not any(200 <= status < 300 for status in seen):
        # Nothing was accepted, so nothing was rate-limited either: say what came back instead.
        raise CheckFailed(f"{limit} requests in a row all answered {' or '.join(map(str, sorted(seen)))}, "
                          f"so the rate limit could not be tried",
                          expected="200 for the first requests, then 429 Too Many Requests with Retry-After",
                          response=ctx.last_response)
    raise CheckFailed(f"{limit} requests in a row for one address were all accepted",
                      expected="429 Too Many Requests with Retry-After after a few",
                      hint="Add a throttle (DRF SimpleRateThrottle keyed by the e-mail) to the view.")


@PART.check("rate-limit.resend", "Resending codes to one address is rate-limited (429 with Retry-After)",
            hint="throttle_classes on the view, with a rate like 5/hour in DEFAULT_THROTTLE_RATES.",
            anchor="rate-limits")
def rate_limit_resend(ctx):
    _hammer(ctx, "/api/auth/resend-verification/", register(ctx)["email"])


@PART.check("rate-limit.password-reset", "Password-reset requests for one address are rate-limited (429)",
            hint="Throttle the reset view the same way as resending the verification code.",
            anchor="rate-limits")
def rate_limit_reset(ctx):
    _hammer(ctx, "/api/auth/password/reset/", register(ctx)["email"])


# -- hardening: odd bodies and token races --------------------------------------------------------
JSON_ENDPOINTS = ("/api/auth/register/", "/api/auth/verify-email/", "/api/auth/resend-verification/",
                  "/api/auth/login/", "/api/auth/token/refresh/", "/api/auth/logout/",
                  "/api/auth/password/reset/", "/api/auth/password/reset/confirm/")
ODD_JSON_BODIES = {
    "an array nested 100,000 levels deep": b"[" * 100_000 + b"]" * 100_000,
    "an object nested 100,000 levels deep": b'{"a":' * 100_000 + b"1" + b"}" * 100_000,
    "bytes that are not UTF-8": b'{"email": "\xff\xfe@example.com"}',
    "a number of 5,000 digits": b"9" * 5_000,
    "NaN, which JSON does not have": b'{"email": NaN}',
}
PARALLEL_REFRESHES = 10


@PART.check("bad-input.odd-json", "Odd JSON bodies (100,000 levels deep, not UTF-8, huge numbers) are a 400 on "
            "every auth endpoint, never a 500",
            hint="Python's json module raises RecursionError on deeply nested JSON and DRF does not catch "
                 "it: subclass DRF's JSONParser, turn RecursionError into a ParseError, and name your "
                 "parser in DEFAULT_PARSER_CLASSES.",
            anchor="deeply-nested-json")
def bad_input_odd_json(ctx):
    for path in JSON_ENDPOINTS:
        for name, body in ODD_JSON_BODIES.items():
            response = ctx.post(path, data=body, headers={"Content-Type": "application/json"})
            response.expect_status(400, hint=f"The body was {name}: a parse error, the client's mistake.")


def _refresh_at_once(ctx, refresh: str, times: int) -> list:
    start = threading.Barrier(times)  # every thread waits here, then all send at the same moment

    def send(_):
        start.wait(timeout=30)
        return ctx.post("/api/auth/token/refresh/", json={"refresh": refresh})

    with ThreadPoolExecutor(times) as pool:
        return list(pool.map(send, range(times)))


@PART.check("tokens.refresh-once", f"{PARALLEL_REFRESHES} refreshes of one refresh token at the same moment: "
            "exactly one gets new tokens",
            hint="Blacklist the token and issue the new one in one transaction, and let the database pick "
                 "the winner: BlacklistedToken has one row per token at most, so only one insert "
                 "succeeds; answer the others 401.",
            anchor="one-refresh-per-token", needs=MAIL)
def tokens_refresh_once(ctx):
    _, tokens = logged_in(ctx)
    responses = _refresh_at_once(ctx, tokens["refresh"], PARALLEL_REFRESHES)
    statuses = sorted(response.status for response in responses)
    if statuses != [200] + [401] * (PARALLEL_REFRESHES - 1):
        odd = next((response for response in responses if response.status != 401), responses[0])
        raise CheckFailed(f"{PARALLEL_REFRESHES} refreshes at once answered {statuses}",
                          expected="one 200, and 401 for all the others", response=odd)


@PART.check("tokens.reuse-revokes-all", "Reusing a used refresh token logs its user out everywhere (401 for "
            "every refresh token they hold)",
            hint="A refresh token that comes back after it was used has been copied: when the blacklist "
                 "insert fails, blacklist every outstanding refresh token of that user too.",
            anchor="one-refresh-per-token", needs=MAIL)
def tokens_reuse_revokes_all(ctx):
    person, first = logged_in(ctx)
    second = ctx.post("/api/auth/login/", json={"email": person["email"], "password": PASSWORD}
                      ).expect_status(200).json()
    successor = ctx.post("/api/auth/token/refresh/", json={"refresh": first["refresh"]}).expect_status(200).json()
    ctx.post("/api/auth/token/refresh/", json={"refresh": first["refresh"]}).expect_status(
        401, hint="A used refresh token must not work again.")
    for name, refresh in (("its successor", successor["refresh"]), ("another login's", second["refresh"])):
        ctx.post("/api/auth/token/refresh/", json={"refresh": refresh}).expect_status(
            401, hint=f"After the reuse, {name} refresh token must stop working too.")
