"""Part 05 — profiles: one per user, editable by its owner, avatars, search."""
import secrets

from checker.checks.part04 import bearer, logged_in
from checker.http import CheckFailed
from checker.images import noisy_png, png, size_of
from checker.registry import NEEDS_MAIL, Part

PART = Part(5, "profiles", "Profiles and privacy")

MAIL = (NEEDS_MAIL,)  # every check signs people up, with the code from their e-mail
PROFILE_FIELDS = ("username", "display_name", "bio", "avatar", "location", "website", "is_private")


def someone(ctx) -> tuple[dict, dict]:
    """A verified, logged-in user: (person, Authorization headers)."""
    person, tokens = logged_in(ctx)
    return person, bearer(tokens["access"])


def upload_avatar(ctx, auth, content: bytes, filename="avatar.png", content_type="image/png"):
    return ctx.put("/api/users/me/avatar/", headers=auth, files={"avatar": (filename, content, content_type)})


@PART.check("profiles.by-username", "GET /api/users/{username}/ shows the profile every new user has; unknown is 404",
            hint="Create the Profile in the same transaction as the user (in the manager or the "
                 "registration service) and look it up by username, case-insensitively, with "
                 "get_object_or_404.",
            anchor="a-profile-for-every-user", needs=MAIL)
def profile_by_username(ctx):
    person, _ = someone(ctx)
    _, viewer = someone(ctx)
    ctx.get(f"/api/users/nobody_{secrets.token_hex(4)}/", headers=viewer).expect_status(404)
    response = ctx.get(f"/api/users/{person['username'].upper()}/", headers=viewer).expect_status(200)
    body = response.json()
    missing = [field for field in PROFILE_FIELDS if field not in body]
    if missing:
        raise CheckFailed(f"the profile lacks {', '.join(missing)}", expected=f"the fields {', '.join(PROFILE_FIELDS)}",
                          response=response)
    if body["username"] != person["username"]:
        raise CheckFailed("the profile is someone else's", expected=f'"username": "{person["username"]}"',
                          response=response)
    response.expect_text_absent(person["email"], hint="Someone else's e-mail address is private.")


@PART.check("profiles.me-edit", "GET|PATCH /api/users/me/ shows and edits your own profile",
            hint="A serializer for your own profile with the private fields (email, birth_date) and "
                 "the editable ones; PATCH validates and saves.",
            anchor="your-own-profile", needs=MAIL)
def profile_me_edit(ctx):
    person, auth = someone(ctx)
    ctx.get("/api/users/me/", headers=auth).expect_status(200).expect_json({"email": person["email"]})
    changes = {"display_name": "Checker Person", "bio": "Testing the profile.", "location": "Lisbon",
               "website": "https://example.com/me", "birth_date": "1990-04-01"}
    ctx.patch("/api/users/me/", headers=auth, json=changes).expect_status(200)
    shown = {key: value for key, value in changes.items() if key != "birth_date"}
    ctx.get(f"/api/users/{person['username']}/", headers=auth).expect_status(200).expect_json(shown)


@PART.check("profiles.me-validation", "Bad profile edits are 400 naming the field (bio > 160, bad URL, future birth date)",
            hint="Model max_length and URLField validate for you; add a validate_birth_date method.",
            anchor="your-own-profile", needs=MAIL)
def profile_validation(ctx):
    _, auth = someone(ctx)
    for field, value in (("bio", "x" * 161), ("website", "not a url"), ("birth_date", "2999-01-01"),
                         ("display_name", "y" * 500), ("is_private", "perhaps")):
        response = ctx.patch("/api/users/me/", headers=auth, json={field: value}).expect_status(400)
        if field not in response.json():
            raise CheckFailed(f"the 400 does not name {field}", expected=f'{{"{field}": ["..."]}}', response=response)


@PART.check("profiles.is-private", "is_private can be switched on, and others see the flag",
            hint="A BooleanField on Profile, editable through PATCH /api/users/me/.",
            anchor="private-accounts", needs=MAIL)
def profile_is_private(ctx):
    person, auth = someone(ctx)
    _, viewer = someone(ctx)
    ctx.patch("/api/users/me/", headers=auth, json={"is_private": True}).expect_status(200)
    ctx.get(f"/api/users/{person['username']}/", headers=viewer).expect_status(200).expect_json({"is_private": True})


@PART.check("profiles.login-required", "Profiles need a login: 401 without a token",
            hint="Keep the default IsAuthenticated permission on the profile views.",
            anchor="a-profile-for-every-user", needs=MAIL)
def profile_login_required(ctx):
    person, _ = someone(ctx)
    ctx.get(f"/api/users/{person['username']}/").expect_status(401)
    ctx.get("/api/users/me/").expect_status(401)


@PART.check("avatar.upload", "PUT /api/users/me/avatar/ stores a re-encoded, resized copy at an absolute URL",
            hint="Open the upload with Pillow, verify it, resize it (e.g. to 512 px) and save your own "
                 "JPEG; return request.build_absolute_uri of the file's URL.",
            anchor="avatars", needs=MAIL)
def avatar_upload(ctx):
    _, auth = someone(ctx)
    original = png(1600, 1200)
    response = upload_avatar(ctx, auth, original).expect_status(200)
    url = response.json().get("avatar")
    if not isinstance(url, str) or not url.startswith(("http://", "https://")):
        raise CheckFailed(f"avatar is {url!r}", expected="an absolute URL (http://...)", response=response)
    stored = ctx.get(url, headers={"Accept": "*/*"}).expect_status(
        200, hint="The checker sets SERVE_MEDIA=True: serve MEDIA_URL with django.views.static.serve then.")
    found = size_of(stored.body)
    if found is None:
        raise CheckFailed("the avatar URL does not serve an image", expected="an image", response=stored)
    if found[1][0] >= 1600 or stored.body == original:
        raise CheckFailed(f"the stored avatar is the upload itself ({found[0]}, {found[1][0]}x{found[1][1]})",
                          expected="a re-encoded copy, resized below the uploaded 1600x1200")


@PART.check("avatar.rejects-non-images", "Non-images and broken images are a clear 400 on the avatar field",
            hint="Image.open(...).verify() raises for anything that is not a real image: turn that into "
                 "a ValidationError on \"avatar\".",
            anchor="avatars", needs=MAIL)
def avatar_rejects_non_images(ctx):
    _, auth = someone(ctx)
    real = png(200, 200)
    for filename, content in (("notes.png", b"just some text, honestly"), ("cut.png", real[: len(real) // 2]),
                              ("page.png", b"<html><script>alert(1)</script></html>")):
        response = upload_avatar(ctx, auth, content, filename=filename).expect_status(400)
        if "avatar" not in response.json():
            raise CheckFailed("the 400 does not name the avatar field", expected='{"avatar": ["..."]}',
                              response=response)


@PART.check("avatar.size-limit", "An avatar file of 12 MB is refused (400 or 413)",
            hint="Check upload.size against a limit (a few MB) before opening the image.",
            anchor="avatars", needs=MAIL)
def avatar_size_limit(ctx):
    _, auth = someone(ctx)
    upload_avatar(ctx, auth, noisy_png(2000, 2000)).expect_status(400, 413)


@PART.check("avatar.delete", "DELETE /api/users/me/avatar/ removes the avatar (204, then avatar is null)",
            hint="Delete the file from storage and clear the field.", anchor="avatars", needs=MAIL)
def avatar_delete(ctx):
    _, auth = someone(ctx)
    upload_avatar(ctx, auth, png(300, 300)).expect_status(200)
    ctx.delete("/api/users/me/avatar/", headers=auth).expect_status(204)
    ctx.get("/api/users/me/", headers=auth).expect_status(200).expect_json({"avatar": None})


@PART.check("search.users", "GET /api/users/?search= finds people by username or display name, paginated",
            hint="Filter with Q(username__icontains=q) | Q(display_name__icontains=q) and use a "
                 "pagination class with page_size_query_param.",
            anchor="finding-people", needs=MAIL)
def search_users(ctx):
    tag = secrets.token_hex(3)
    first, auth = someone(ctx)
    second, second_auth = someone(ctx)
    ctx.patch("/api/users/me/", headers=auth, json={"display_name": f"Zed {tag}"}).expect_status(200)
    ctx.patch("/api/users/me/", headers=second_auth, json={"display_name": f"Zed {tag} two"}).expect_status(200)
    response = ctx.get(f"/api/users/?search={tag}", headers=auth).expect_status(200)
    body = response.json()
    if not isinstance(body, dict) or not {"next", "previous", "results"} <= set(body):
        raise CheckFailed("the answer is not a page", expected='{"next", "previous", "results"}', response=response)
    found = {profile.get("username") for profile in body["results"]}
    if found != {first["username"], second["username"]}:
        raise CheckFailed(f"searching {tag!r} found {sorted(found)}",
                          expected=f"exactly {first['username']} and {second['username']}", response=response)
    page = ctx.get(f"/api/users/?search={tag}&page_size=1", headers=auth).expect_status(200).json()
    if len(page.get("results", [])) != 1 or not page.get("next"):
        raise CheckFailed("page_size=1 did not give one result and a next link",
                          expected="1 result and a next URL", response=ctx.last_response)
