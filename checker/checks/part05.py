"""Part 05 — profiles: one per user, editable by its owner, avatars, search."""
import secrets

from checker.http import CheckFailed
from checker.images import noisy_png, png, size_of
from checker.registry import NEEDS_MAIL, Part
from checker.steps import expect_400_naming, someone

PART = Part(5, "profiles", "Profiles and privacy")

MAIL = (NEEDS_MAIL,)  # every check signs people up, with the code from their e-mail
PROFILE_FIELDS = ("username", "display_name", "bio", "avatar", "location", "website", "is_private")


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
        response = ctx.patch("/api/users/me/", headers=auth, json={field: value})
        if response.status != 400:
            shown = value if len(str(value)) < 20 else f"{str(value)[:8]}… ({len(value)} characters)"
            raise CheckFailed(f"{field} = {shown!r} was accepted (status {response.status})",
                              expected=f"400 naming {field}", response=response)
        expect_400_naming(response, field)


@PART.check("profiles.is-private", "is_private can be switched on, and others see the flag",
            hint="A BooleanField on Profile, editable through PATCH /api/users/me/.",
            anchor="private-accounts", needs=MAIL)
def profile_is_private(ctx):
    person, auth = someone(ctx)
    _, viewer = someone(ctx)
    ctx.patch("/api/users/me/", headers=auth, json={"is_private": True}).expect_status(200)
    ctx.get(f"/api/users/{person['username']}/", headers=viewer).expect_status(200).expect_json({"is_private": True})


@PART.check("profiles.others-cannot-write", "Nobody changes someone else's profile: PATCH, PUT and DELETE on it are refused",
            hint="GET /api/users/{username}/ is read-only (a RetrieveAPIView): people change their own "
                 "profile at /api/users/me/, where the object is always request.user's.",
            anchor="your-own-profile", needs=MAIL)
def profile_others_cannot_write(ctx):
    owner, owner_auth = someone(ctx)
    _, stranger = someone(ctx)
    path = f"/api/users/{owner['username']}/"
    for method, body in (("PATCH", {"bio": "Written by a stranger."}), ("PUT", {"bio": "Written by a stranger."}),
                         ("DELETE", None)):
        response = ctx.request(method, path, headers=stranger, json=body)
        if response.status < 400:
            raise CheckFailed(f"{method} {path} by another user answered {response.status}",
                              expected="403, 404 or 405: a profile is written by its owner only", response=response)
    response = ctx.get(path, headers=owner_auth).expect_status(200)
    if response.json().get("bio") == "Written by a stranger.":
        raise CheckFailed("another user changed the profile's bio", expected="the owner's bio, untouched",
                          response=response)


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
        expect_400_naming(upload_avatar(ctx, auth, content, filename=filename), "avatar")


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


@PART.check("avatar.old-files-removed", "Replacing or deleting an avatar removes the old file from storage",
            hint="When a new avatar is saved, delete the previous file (storage.delete(old_name)); "
                 "DELETE deletes the file too (profile.avatar.delete()), not only the field.",
            anchor="avatars", needs=MAIL)
def avatar_old_files_removed(ctx):
    _, auth = someone(ctx)
    first = upload_avatar(ctx, auth, png(300, 300)).expect_status(200).json().get("avatar")
    second = upload_avatar(ctx, auth, png(320, 320)).expect_status(200).json().get("avatar")
    for url in (first, second):
        if not isinstance(url, str) or not url.startswith(("http://", "https://")):
            raise CheckFailed(f"avatar is {url!r}", expected="an absolute URL (http://...)", response=ctx.last_response)
    ctx.get(second, headers={"Accept": "*/*"}).expect_status(
        200, hint="The checker sets SERVE_MEDIA=True: serve MEDIA_URL with django.views.static.serve then.")
    if ctx.get(first, headers={"Accept": "*/*"}).status != 404:
        raise CheckFailed("the replaced avatar's file is still stored (its URL still serves it)",
                          expected="the old file deleted when a new avatar replaces it", response=ctx.last_response)
    ctx.delete("/api/users/me/avatar/", headers=auth).expect_status(204)
    if ctx.get(second, headers={"Accept": "*/*"}).status != 404:
        raise CheckFailed("after DELETE /api/users/me/avatar/ the avatar's file is still stored",
                          expected="the file deleted from storage, not only the field cleared",
                          response=ctx.last_response)


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


@PART.check("search.bad-paging-400", "Bad paging parameters and NUL bytes are a 400 naming the parameter, never a 404 or a 500",
            hint="Validate ?page_size= yourself (a whole number ≥ 1) and turn DRF's 404 for a bad cursor "
                 "into a ValidationError; validate ?search= with a serializer (CharField refuses NUL bytes).",
            anchor="bad-paging-parameters-are-a-400", needs=MAIL)
def search_bad_paging(ctx):
    _, auth = someone(ctx)
    for query, parameter in (("page_size=abc", "page_size"), ("page_size=0", "page_size"),
                             ("cursor=not-a-cursor", "cursor"), ("search=%00", "search")):
        response = ctx.get(f"/api/users/?{query}", headers=auth).expect_status(400)
        body = response.json()
        if not isinstance(body, dict) or parameter not in body:
            raise CheckFailed(f"?{query} answered 400 without naming {parameter}",
                              expected=f'{{"{parameter}": ["..."]}}', response=response)
    ctx.get("/api/users/%00/", headers=auth).expect_status(404)
