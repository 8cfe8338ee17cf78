"""Part 04 — authentication: registration, e-mail codes, JWT, password change and reset."""
import base64
import hashlib
import hmac
import json
import secrets
import time

from checker.http import CheckFailed
from checker.registry import NEEDS_BOOTED_SERVER, NEEDS_MAIL, Part

PART = Part(4, "authentication", "Authentication: registration, e-mail verification, JWT")

MAIL = (NEEDS_MAIL,)  # these checks read the e-mails the project sends (sign-up codes)
PASSWORD = "Checker-Pass-2024!"
NEW_PASSWORD = "Checker-New-Pass-77!"
NEVER_IN_A_BODY = ("pbkdf2_", "argon2", "bcrypt", "md5$", PASSWORD)


def new_person() -> dict:
    tag = secrets.token_hex(4)
    return {"email": f"learner.{tag}@example.com", "username": f"learner_{tag}", "password": PASSWORD}


def register(ctx, person=None) -> dict:
    person = person or new_person()
    ctx.post("/api/auth/register/", json=person).expect_status(
        201, hint="POST /api/auth/register/ with a valid e-mail, username and password should create the user.")
    return person


def verified(ctx) -> dict:
    person = register(ctx)
    code = ctx.code_sent_to(person["email"])
    ctx.post("/api/auth/verify-email/", json={"email": person["email"], "code": code}).expect_status(
        200, hint="The code from the e-mail should verify the address.")
    return person


def logged_in(ctx) -> tuple[dict, dict]:
    person = verified(ctx)
    response = ctx.post("/api/auth/login/", json={"email": person["email"], "password": person["password"]})
    tokens = response.expect_status(200).expect_json({}).json()
    return person, tokens


def bearer(token: str) -> dict:
    return {"Authorization": f"Bearer {token}"}


def wrong_code(right: str) -> str:
    return "000000" if right != "000000" else "111111"


def expect_no_secrets(response) -> None:
    response.expect_text_absent(*NEVER_IN_A_BODY,
                                hint="Mark password fields write_only=True and never serialise the hash.")


# -- registration -----------------------------------------------------------------------------
@PART.check("register.created", "POST /api/auth/register/ creates the user: 201, no password or hash in the body",
            hint="Return the new user with a serializer that has no password field (write_only=True).",
            anchor="registration")
def register_created(ctx):
    person = new_person()
    response = ctx.post("/api/auth/register/", json=person)
    response.expect_status(201).expect_json({"email": person["email"], "username": person["username"]})
    expect_no_secrets(response)
    if "password" in response.json():
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
    response = ctx.post("/api/auth/register/", json=twin)
    response.expect_status(400)
    if "email" not in response.json():
        raise CheckFailed("the 400 does not name the email field", expected='{"email": ["..."]}', response=response)


@PART.check("register.duplicate-username", "A second registration with a taken username is 400",
            hint="Check username uniqueness case-insensitively too.", anchor="registration")
def register_duplicate_username(ctx):
    person = register(ctx)
    response = ctx.post("/api/auth/register/", json={**new_person(), "username": person["username"].upper()})
    response.expect_status(400)
    if "username" not in response.json():
        raise CheckFailed("the 400 does not name the username field", expected='{"username": ["..."]}',
                          response=response)


@PART.check("register.weak-password", "Weak passwords are refused with 400 on the password field",
            hint="Run django.contrib.auth.password_validation.validate_password in the serializer.",
            anchor="registration")
def register_weak_password(ctx):
    for weak in ("short", "password123", "123456789012"):
        response = ctx.post("/api/auth/register/", json={**new_person(), "password": weak})
        response.expect_status(400)
        if "password" not in response.json():
            raise CheckFailed(f"the 400 for password {weak!r} does not name the password field",
                              expected='{"password": ["..."]}', response=response)


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
    ctx.post("/api/auth/verify-email/", json={"email": f"nobody.{secrets.token_hex(4)}@example.com",
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
    ctx.post("/api/auth/verify-email/", json={"email": person["email"], "code": right}).expect_status(400)


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
    person = register(ctx)
    known = ctx.post("/api/auth/resend-verification/", json={"email": person["email"]}).expect_status(200)
    unknown = ctx.post("/api/auth/resend-verification/",
                       json={"email": f"nobody.{secrets.token_hex(4)}@example.com"}).expect_status(200)
    if known.json() != unknown.json():
        raise CheckFailed("the answers for a known and an unknown e-mail differ",
                          expected=f"the same body for both; the known one got {known.text}", response=unknown)


# -- login and tokens -------------------------------------------------------------------------
@PART.check("login.tokens", "POST /api/auth/login/ gives {access, refresh, user} to a verified user",
            hint="Authenticate with e-mail and password, then RefreshToken.for_user(user).",
            anchor="logging-in", needs=MAIL)
def login_tokens(ctx):
    person = verified(ctx)
    response = ctx.post("/api/auth/login/", json={"email": person["email"].upper(), "password": PASSWORD})
    response.expect_status(200).expect_json({})
    body = response.json()
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
    ctx.post("/api/auth/login/", json={"email": f"nobody.{secrets.token_hex(4)}@example.com",
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
    person = register(ctx)
    known = ctx.post("/api/auth/password/reset/", json={"email": person["email"]}).expect_status(200)
    unknown = ctx.post("/api/auth/password/reset/",
                       json={"email": f"nobody.{secrets.token_hex(4)}@example.com"}).expect_status(200)
    if known.json() != unknown.json():
        raise CheckFailed("the answers for a known and an unknown e-mail differ",
                          expected=f"the same body for both; the known one got {known.text}", response=unknown)


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
    for _ in range(limit):
        response = ctx.post(path, json={"email": email})
        if response.status == 429:
            if not response.headers.get("retry-after"):
                raise CheckFailed("the 429 has no Retry-After header", expected="Retry-After: <seconds>",
                                  response=response)
            return
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
