"""Part 07 — posts and media: writing, uploads, hashtags, mentions, who sees a post, edits."""
import json
import secrets
import urllib.parse
from dataclasses import dataclass

from checker.http import CheckFailed, not_equal
from checker.images import blank_png, jpeg, location_in, mp4, photo_with_location, png, size_of
from checker.registry import NEEDS_MAIL, Part
from checker.steps import AN_ID, Person, expect_400_naming, multipart

PART = Part(7, "posts", "Posts and media: uploads, hashtags, mentions, visibility")

MAIL = (NEEDS_MAIL,)  # every check signs people up, with the code from their e-mail
POST_FIELDS = ("id", "author", "text", "visibility", "media", "hashtags", "mentions", "created_at", "edited_at",
               "url")
MEDIA_FIELDS = ("id", "kind", "url", "alt_text", "width", "height", "content_type", "size")
SERVE_MEDIA = "The checker sets SERVE_MEDIA=True: serve MEDIA_URL with django.views.static.serve then."
UPLOAD_CRASH = ("A bad upload is the user's mistake, never a server error: catch what Pillow raises "
                "(UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError) "
                "and raise a ValidationError on \"media\" saying which file. The server log below shows "
                "what was not caught.")


# -- posts and their media -------------------------------------------------------------------------
def upload(person: Person, files: list[tuple[str, bytes, str]], *, alt_texts: list[str] = (),
           text: str | None = None):
    """POST /api/posts/ as multipart: each of `files` (filename, content, content type) a `media` part."""
    fields = ([("text", text)] if text is not None else []) + [("alt_text", alt) for alt in alt_texts]
    return person.post("/api/posts/", **multipart(fields, [("media", file) for file in files]))


def media_of(post, response) -> list[dict]:
    """The post's media, after checking they are a list of objects."""
    media = post.get("media") if isinstance(post, dict) else None
    if not isinstance(media, list) or not all(isinstance(item, dict) for item in media):
        raise CheckFailed(f'"media" is {json.dumps(media)}',
                          expected='"media": a list of {"id", "kind", "url", "alt_text", ...}', response=response)
    return media


def fetch_medium(ctx, medium: dict, what: str):
    """GET the medium's URL, which must be absolute and serve the file."""
    url = medium.get("url")
    if not isinstance(url, str) or not url.startswith(("http://", "https://")):
        raise CheckFailed(f"the url of {what} is {json.dumps(url)}",
                          expected="an absolute URL (http://...): request.build_absolute_uri(file.url)",
                          response=ctx.last_response)
    return ctx.get(url, headers={"Accept": "*/*"}).expect_status(200, hint=SERVE_MEDIA)


def expect_refused(response, what: str, field: str = "media", *, crash_hint: str = UPLOAD_CRASH) -> None:
    """`what` was refused with a 400 naming `field`; a crash is named as one, with `crash_hint`."""
    if response.status >= 500:
        raise CheckFailed(f"{what} crashed the server ({response.status})", expected=f"400 naming {field}",
                          response=response, hint=crash_hint)
    if response.status != 400:
        raise CheckFailed(f"{what} answered {response.status}", expected=f"400 naming {field}", response=response)
    expect_400_naming(response, field, what=what)


def ids_in(response, what: str) -> list[str]:
    body = response.json()
    results = body.get("results") if isinstance(body, dict) else None
    if not isinstance(results, list):
        raise CheckFailed(f"{what} is not a page", expected='{"next", "previous", "results"}', response=response)
    return [str(item.get("id")) for item in results if isinstance(item, dict)]


# -- @PART.check: writing ------------------------------------------------------------------------------
@PART.check("posts.create", "POST /api/posts/ (JSON) is 201 with the post, GET /api/posts/{id}/ shows it; "
                            "no token is 401",
            hint="A PostSerializer with the contract's fields (id as a string, author as a small profile, "
                 "media, hashtags, mentions, edited_at null, url), the post created in a service; keep "
                 "the default IsAuthenticated permission.",
            anchor="writing-a-post", needs=MAIL)
def posts_create(ctx):
    ann = Person(ctx)
    text = f"My first post {secrets.token_hex(3)}"
    response = ann.post("/api/posts/", json={"text": text, "visibility": "followers"}).expect_status(201)
    post = response.json()
    missing = [name for name in POST_FIELDS if not isinstance(post, dict) or name not in post]
    if missing:
        raise CheckFailed(f"the post lacks {', '.join(missing)}", expected=f"the fields {', '.join(POST_FIELDS)}",
                          response=response)
    response.expect_json({"id": AN_ID, "text": text, "visibility": "followers", "media": [], "hashtags": [],
                          "mentions": [], "edited_at": None})
    author = post["author"]
    if not isinstance(author, dict) or author.get("username") != ann.username:
        raise CheckFailed(f'"author" is {json.dumps(author)}',
                          expected=f'"author": {{"username": "{ann.username}", "display_name", "avatar"}}',
                          response=response)
    path = f"/api/posts/{post['id']}/"
    if not isinstance(post["url"], str) or not post["url"].endswith(path):
        raise CheckFailed(f'"url" is {json.dumps(post["url"])}', expected=f'"url": "{path}"', response=response)
    ann.get(path).expect_status(200).expect_json({"id": post["id"], "text": text})
    ctx.post("/api/posts/", json={"text": "Without a token.", "visibility": "public"}).expect_status(401)


@PART.check("posts.create-validation", "Text of at most 2,200 characters, never empty without media, a known "
                                       "visibility: else a 400 naming the field",
            hint="Limit text to 2,200 characters (the model field and the serializer), refuse a post with "
                 "neither text nor media in validate() naming \"text\", make visibility a ChoiceField, and "
                 "keep StrictTextMixin so that a number is not taken for text.",
            anchor="writing-a-post", needs=MAIL)
def posts_create_validation(ctx):
    ann = Person(ctx)
    for body, field, what in (({"text": ""}, "text", "an empty post (no text, no media)"),
                              ({"text": 12345}, "text", "a number as the text"),
                              ({"text": "Hello", "visibility": "everyone"}, "visibility", 'visibility "everyone"'),
                              ({"text": "x" * 2201}, "text", "a text of 2,201 characters")):
        expect_refused(ann.post("/api/posts/", json=body), what, field, crash_hint="")
    ann.post("/api/posts/", json={"text": "x" * 2200}).expect_status(
        201, hint="2,200 characters is allowed: the limit is more than 2,200.")


# -- media --------------------------------------------------------------------------------------------------
@PART.check("posts.media", "A multipart post with two images and their alt texts keeps them in order, at "
                           "absolute URLs that serve the images",
            hint="Read request.FILES.getlist(\"media\") and request.data.getlist(\"alt_text\") in order, store "
                 "each medium with its position, and answer request.build_absolute_uri(medium.file.url) with "
                 "the stored image's width and height.",
            anchor="uploading-media", needs=MAIL)
def posts_media(ctx):
    ann = Person(ctx)
    alt_texts = ["A wide blue picture", "A tall red picture"]
    response = upload(ann, [("wide.png", png(640, 480), "image/png"), ("tall.jpg", jpeg(300, 500), "image/jpeg")],
                      alt_texts=alt_texts, text="Two pictures").expect_status(201)
    media = media_of(response.json(), response)
    if len(media) != 2:
        raise CheckFailed(f"the post has {len(media)} media", expected="2 media, in the order uploaded",
                          response=response)
    for position, (medium, alt_text, shape) in enumerate(zip(media, alt_texts, ("wide", "tall")), start=1):
        missing = [name for name in MEDIA_FIELDS if name not in medium]
        if missing:
            raise CheckFailed(f"medium {position} lacks {', '.join(missing)}",
                              expected=f"the fields {', '.join(MEDIA_FIELDS)}", response=response)
        if medium["kind"] != "image" or medium["alt_text"] != alt_text:
            raise CheckFailed(f'medium {position} has "kind": {json.dumps(medium["kind"])}, '
                              f'"alt_text": {json.dumps(medium["alt_text"])}',
                              expected=f'"kind": "image", "alt_text": "{alt_text}" (media and alt texts in '
                                       f'the order sent)', response=response)
        served = fetch_medium(ctx, medium, f"medium {position}")
        found = size_of(served.body)
        if found is None:
            raise CheckFailed(f"the URL of medium {position} does not serve an image", expected="the stored image",
                              response=served)
        width, height = found[1]
        if (width > height) != (shape == "wide"):
            raise CheckFailed(f"medium {position} ({medium['url']}) is a {width}x{height} image",
                              expected=f"the {shape} picture, uploaded as file {position}", response=response)
        if (medium["width"], medium["height"]) != (width, height):
            raise CheckFailed(f"medium {position} says {medium['width']}x{medium['height']}, its file is "
                              f"{width}x{height}", expected="the width and height of the stored image",
                              response=response)


@PART.check("posts.media-exif", "Uploaded photos are re-encoded: turned the right way up, their GPS location gone",
            hint="Never store the upload itself: ImageOps.exif_transpose(image) (the camera's orientation), "
                 "then save a new file without passing exif=, so no EXIF block, GPS included, survives.",
            anchor="images-are-re-encoded", needs=MAIL)
def posts_media_exif(ctx):
    ann = Person(ctx)
    response = upload(ann, [("holiday.jpg", photo_with_location(320, 160), "image/jpeg")],
                      text="Guess where I am").expect_status(201)
    media = media_of(response.json(), response)
    if len(media) != 1:
        raise CheckFailed(f"the post has {len(media)} media", expected="the 1 photo uploaded", response=response)
    served = fetch_medium(ctx, media[0], "the photo")
    if location_in(served.body):
        raise CheckFailed(f"the stored photo ({media[0]['url']}) still carries the GPS location it was uploaded with",
                          expected="no EXIF at all in what is served: where a photo was taken is private",
                          response=response)
    found = size_of(served.body)
    if found is None:
        raise CheckFailed("the photo's URL does not serve an image", expected="the stored image", response=served)
    width, height = found[1]
    if width > height:
        raise CheckFailed(f"the photo ({media[0]['url']}) is stored {width}x{height}, on its side: its EXIF "
                          "orientation (turn 90°) was dropped without being applied",
                          expected="160x320, the right way up", response=response)


@PART.check("posts.media-bad-files", "Bad uploads are a 400 naming the field: a text file as .png (saying which "
                                     "file), 11 files, alt texts too long or too many",
            hint="Validate in the serializer: at most MAX_MEDIA (10) files, each opened with Pillow or "
                 "recognised as a video by its bytes (the message names the file: \"File 2 (notes.png): "
                 "...\"), at most as many alt texts as files, each at most 1,000 characters. Keep "
                 "DATA_UPLOAD_MAX_NUMBER_FILES above 10 so your own message answers.",
            anchor="refusing-bad-uploads", needs=MAIL)
def posts_media_bad_files(ctx):
    ann = Person(ctx)
    picture = ("picture.png", png(64, 64), "image/png")
    response = upload(ann, [picture, ("notes.png", b"Just some notes, not a picture.", "image/png")], text="Oops")
    expect_refused(response, "a text file named notes.png (the second of two files)")
    if "notes.png" not in response.text:
        raise CheckFailed("the 400 does not say which file was refused",
                          expected='a message naming the file, e.g. "File 2 (notes.png): upload a valid image or '
                                   'an MP4/WebM video."', response=response)
    expect_refused(upload(ann, [picture] * 11, text="Eleven pictures"), "11 files (the limit is 10)")
    for alt_texts, what in ((["x" * 1001], "an alt text of 1,001 characters"),
                            (["One", "Two"], "two alt texts for one file")):
        expect_refused(upload(ann, [picture], alt_texts=alt_texts, text="Alt texts"), what, "alt_text",
                       crash_hint="")


@PART.check("posts.media-too-many-pixels", "An image of too many pixels or a decompression bomb is a 400 naming "
                                           "media, never a 500",
            hint="After Image.open, check image.size against MAX_IMAGE_PIXELS (40 million) before decoding "
                 "anything, and catch Image.DecompressionBombError (Pillow's own guard) as a 400 too: a file "
                 "of a few kilobytes can declare billions of pixels.",
            anchor="decompression-bombs", needs=MAIL, time_limit=30)
def posts_media_too_many_pixels(ctx):
    ann = Person(ctx)
    expect_refused(upload(ann, [("huge.png", blank_png(7000, 7000), "image/png")], text="Big"),
                   "a 7000x7000 PNG (49 million pixels in 6 kB)")
    expect_refused(upload(ann, [("bomb.png", blank_png(30000, 30000, rows=8), "image/png")], text="Boom"),
                   "a PNG declaring 30000x30000 pixels (a decompression bomb)")


@PART.check("posts.media-video", "An MP4 is stored as a video, byte for byte; a text file named .mp4 is a 400",
            hint="Recognise a video by its bytes, never by its name or declared type: an MP4 has an ftyp box "
                 "at offset 4 with a known brand (isom, mp42, avc1...), a WebM starts with 1A 45 DF A3. "
                 "Store it as is with kind \"video\"; a post with media needs no text.",
            anchor="videos", needs=MAIL)
def posts_media_video(ctx):
    ann = Person(ctx)
    clip = mp4()
    response = upload(ann, [("clip.mp4", clip, "video/mp4")]).expect_status(201)
    media = media_of(response.json(), response)
    if [medium.get("kind") for medium in media] != ["video"]:
        raise CheckFailed(f"the post's media are of kinds {json.dumps([medium.get('kind') for medium in media])}",
                          expected='["video"]', response=response)
    served = fetch_medium(ctx, media[0], "the video")
    if served.body != clip:
        raise CheckFailed(f"the video's URL ({media[0]['url']}) serves {len(served.body)} bytes that are not the "
                          f"{len(clip)} uploaded", expected="the uploaded file, stored as is", response=response)
    expect_refused(upload(ann, [("fake.mp4", b"A text file, whatever its name says.", "video/mp4")], text="Fake"),
                   "a text file named fake.mp4")


# -- hashtags and mentions ---------------------------------------------------------------------------------
@PART.check("posts.hashtags", "#Café, #CAFÉ and a decomposed #café are one tag; #2024, e-mails and HTML entities "
                              "are none; the tag page lists the post",
            hint="Match # plus word characters not preceded by a word character, & or #, skip tags made only of "
                 "digits, and store unicodedata.normalize(\"NFKC\", tag).casefold(); normalise the {tag} of "
                 "/api/hashtags/{tag}/posts/ the same way (a leading # too), and answer 200 with an empty list "
                 "for a tag nobody used.",
            anchor="hashtags", needs=MAIL)
def posts_hashtags(ctx):
    ann = Person(ctx)
    tag = secrets.token_hex(3)
    text = (f"Morning #Café{tag}, then #CAFÉ{tag} and #cafe\u0301{tag} again. #2024 was fine, #2024goals "
            f"#東京 ann@example.com a&#35;b &#x23;")
    post = ann.write_post(text)
    wanted = [f"café{tag}", "2024goals", "東京"]
    if post.get("hashtags") != wanted:
        raise CheckFailed(f"the hashtags of {text!r} are {json.dumps(post.get('hashtags'), ensure_ascii=False)}",
                          expected=f"{json.dumps(wanted, ensure_ascii=False)}: normalised (NFKC, then casefold), "
                                   "each once, in order of first appearance",
                          response=ctx.last_response)
    for spelled in (f"CAFÉ{tag}", f"#café{tag}"):
        path = f"/api/hashtags/{urllib.parse.quote(spelled, safe='')}/posts/"
        listed = ann.get(path).expect_status(200)
        if post["id"] not in ids_in(listed, f"the page of {spelled}"):
            raise CheckFailed(f"GET {path} ({spelled}) does not list the post tagged #Café{tag}",
                              expected="the post listed: the tag in the URL is normalised as stored tags are",
                              response=listed)
    path = f"/api/hashtags/nobody{secrets.token_hex(4)}/posts/"
    unknown = ann.get(path)
    listed = ids_in(unknown, "the page of an unknown tag") if unknown.status == 200 else []
    if unknown.status != 200 or listed:
        shown = f"lists {len(listed)} posts" if listed else f"answered {unknown.status}"
        raise CheckFailed(f"GET {path}, a tag nobody used, {shown}",
                          expected="200 with an empty list: a tag used only in posts you cannot see must look "
                                   "like one nobody used", response=unknown)


@PART.check("posts.mentions", "@username links that user (any case); nobody, e-mail addresses and people who "
                              "blocked the author link nothing",
            hint="Find @names not preceded by a word character, look them up among users_visible_to(author) "
                 "with username__iexact (one query for all): a name that is nobody, or someone who blocked the "
                 "author, links nothing and the text stays as written.",
            anchor="mentions", needs=MAIL)
def posts_mentions(ctx):
    ann, bob, cat = Person(ctx), Person(ctx), Person(ctx)
    cat.block(ann)
    nobody = f"nobody_{secrets.token_hex(4)}"
    who = f"{bob.username} exists, {cat.username} blocked the author, {nobody} does not exist"
    for text, wanted in ((f"Hello @{bob.username.upper()}, @{cat.username} and @{nobody}!", [bob.username]),
                         (f"Write to me@{bob.username} any time.", [])):
        post = ann.write_post(text)
        found = post.get("mentions")
        if not isinstance(found, list) or [str(name).lower() for name in found] != wanted:
            raise CheckFailed(f"the mentions of {text!r} are {json.dumps(found)} ({who})",
                              expected=json.dumps(wanted), response=ctx.last_response)
        if post.get("text") != text:
            raise CheckFailed("the text was changed while parsing mentions", expected=f'"text": {json.dumps(text)}',
                              response=ctx.last_response)


# -- who sees a post ------------------------------------------------------------------------------------
@dataclass
class Written:
    """A post written for a visibility check, with a hashtag of its own."""
    id: str
    author: str
    tag: str
    what: str  # "the author's followers-only post"

    @property
    def path(self) -> str:
        return f"/api/posts/{self.id}/"

    @property
    def lists(self) -> tuple[tuple[str, str], ...]:
        """Where else the post shows: (path, name)."""
        return ((f"/api/users/{self.author}/posts/", "the author's posts"),
                (f"/api/hashtags/{self.tag}/posts/", f"the #{self.tag} page"))


ONE_RULE = ("Build every list from Post.objects.visible_to(request.user), as the detail view is: then a "
            "list shows exactly the posts their own pages show, by construction.")


def write(author: Person, visibility: str, what: str) -> Written:
    tag = f"seen{secrets.token_hex(4)}"
    return Written(author.write_post(f"Who sees this? #{tag}", visibility)["id"], author.username, tag, what)


def expect_visible(viewer: Person, who: str, post: Written) -> None:
    """`who` sees the post: its page, and listed on the author's posts and its hashtag page."""
    response = viewer.get(post.path)
    if response.status != 200:
        raise CheckFailed(f"{who} got {response.status} for {post.what} (GET {post.path})",
                          expected=f"200: {who} may see it", response=response)
    for path, name in post.lists:
        listed = viewer.get(path).expect_status(200)
        if post.id not in ids_in(listed, name):
            raise CheckFailed(f"{name} ({path}) does not list {post.what} to {who}, who may see it",
                              expected=f"the post {post.id} listed", response=listed, hint=ONE_RULE)


def expect_hidden(viewer: Person, who: str, post: Written, *, profile_hidden: bool = False) -> None:
    """To `who` the post does not exist: 404, and listed nowhere (the author's posts are a 404 too
    when the author's profile is hidden from them)."""
    response = viewer.get(post.path)
    if response.status != 404:
        raise CheckFailed(f"{who} got {response.status} for {post.what} (GET {post.path})",
                          expected="404, exactly as if the post did not exist", response=response)
    for path, name in post.lists:
        listed = viewer.get(path)
        if profile_hidden and path.startswith("/api/users/"):
            if listed.status != 404:
                raise CheckFailed(f"{who} got {listed.status} for {path}, the posts of someone whose profile is "
                                  "hidden from them", expected="404, as the profile is", response=listed)
        elif listed.status != 404 and post.id in ids_in(listed.expect_status(200), name):
            raise CheckFailed(f"{name} ({path}) lists {post.what} to {who}, though its own page is a 404 to them",
                              expected="lists to show exactly what GET /api/posts/{id}/ shows", response=listed,
                              hint=ONE_RULE)


@PART.check("posts.visibility-followers", "A followers-only post: a follower and the author see it, a stranger "
                                          "gets 404, on its page and in every list",
            hint="One rule, Post.objects.visible_to(viewer) (Q objects over social/rules.py), used by the "
                 "detail view, the author's posts and the hashtag page: invisible means 404.",
            anchor="who-sees-a-post", needs=MAIL)
def posts_visibility_followers(ctx):
    ann, bob, cat = Person(ctx), Person(ctx), Person(ctx)
    bob.follow(ann)
    post = write(ann, "followers", "the author's followers-only post")
    expect_visible(ann, "its author", post)
    expect_visible(bob, "a follower", post)
    expect_hidden(cat, "a stranger", post)


@PART.check("posts.visibility-friends", "Friends-only posts are for friends (a follower gets 404), friends see "
                                        "followers-only posts too, only_me is the author's alone",
            hint="friends: the viewer is a friend; followers: an accepted follower or a friend (the closer "
                 "circle sees what followers see); only_me: nobody but the author, friends included.",
            anchor="who-sees-a-post", needs=MAIL)
def posts_visibility_friends(ctx):
    ann, bob, dan = Person(ctx), Person(ctx), Person(ctx)
    bob.follow(ann)
    ann.befriend(dan)
    friends_only = write(ann, "friends", "the author's friends-only post")
    followers_only = write(ann, "followers", "the author's followers-only post")
    only_me = write(ann, "only_me", "the author's only_me post")
    expect_hidden(bob, "a follower who is not a friend", friends_only)
    expect_visible(dan, "a friend", friends_only)
    expect_visible(dan, "a friend who does not follow", followers_only)
    expect_hidden(dan, "a friend", only_me)
    expect_visible(ann, "its author", only_me)


@PART.check("posts.visibility-private-account", "A private account's public post is 404 to strangers and to a "
                                                "pending follower, 200 once the follow is approved",
            hint="For a public post, check the author's account too: a private account's posts are for its "
                 "accepted followers and friends (a requested follow is not accepted).",
            anchor="who-sees-a-post", needs=MAIL)
def posts_visibility_private_account(ctx):
    ann, bob, cat = Person(ctx), Person(ctx), Person(ctx)
    ann.go_private()
    post = write(ann, "public", "a public post of a private account")
    expect_hidden(cat, "a stranger", post)
    bob.follow(ann)
    expect_hidden(bob, "someone whose follow request is still pending", post)
    ann.approve(bob)
    expect_visible(bob, "an approved follower", post)


@PART.check("posts.visibility-blocks", "A block hides posts both ways: 404 on the page, listed nowhere",
            hint="In visible_to(viewer), exclude authors the viewer blocked and authors who blocked the viewer, "
                 "whatever the visibility; the author's posts are a 404 where the profile is.",
            anchor="blocks-hide-posts-both-ways", needs=MAIL)
def posts_visibility_blocks(ctx):
    ann, bob, cat = Person(ctx), Person(ctx), Person(ctx)
    post = write(ann, "public", "the author's public post")
    ann.block(bob)
    cat.block(ann)
    expect_hidden(bob, "someone the author blocked", post, profile_hidden=True)
    expect_hidden(cat, "someone who blocked the author", post)


# -- changing a post ------------------------------------------------------------------------------------
@PART.check("posts.author-only", "PATCH and DELETE by anyone but the author: 403 if they can see the post, 404 if "
                                 "they cannot",
            hint="Look the post up through visible_to(request.user) (404 when hidden), then refuse anyone but "
                 "the author with a 403 (an object permission such as IsAuthorOrReadOnly).",
            anchor="only-the-author-changes-a-post", needs=MAIL)
def posts_author_only(ctx):
    ann, bob, cat = Person(ctx), Person(ctx), Person(ctx)
    bob.follow(ann)
    text = "Only I may change this."
    path = f"/api/posts/{ann.write_post(text, 'followers')['id']}/"
    for person, who, status, why in ((bob, "a follower (who can see the post)", 403, "they may see it, not change it"),
                                     (cat, "a stranger (who cannot see it)", 404, "to them the post does not exist")):
        for method, body in (("PATCH", {"text": "Changed by someone else."}), ("DELETE", None)):
            response = ctx.request(method, path, headers=person.auth, json=body)
            if response.status != status:
                raise CheckFailed(f"{method} {path} by {who} answered {response.status}",
                                  expected=f"{status}: {why}", response=response)
    ann.get(path).expect_status(200).expect_json({"text": text})


@PART.check("posts.edit-history", "Editing the text sets edited_at, re-parses hashtags and keeps the old text in "
                                  "the history; changing only the visibility is no edit",
            hint="In the edit service, when the text changes: a PostEdit row with the old text, edited_at = now, "
                 "hashtags and mentions parsed again; when only the visibility changes, none of these.",
            anchor="edits-keep-a-history", needs=MAIL)
def posts_edit_history(ctx):
    ann = Person(ctx)
    tag = secrets.token_hex(3)
    before, after = f"First words #old{tag}", f"Second words #new{tag}"
    path = f"/api/posts/{ann.write_post(before)['id']}/"
    edited = ann.patch(path, json={"text": after}).expect_status(200)
    edited.expect_json({"text": after, "edited_at": not_equal(None), "hashtags": [f"new{tag}"]})
    expect_history(ann.get(f"{path}history/").expect_status(200), [before], "after one edit")
    moved = ann.patch(path, json={"visibility": "followers"}).expect_status(200)
    moved.expect_json({"visibility": "followers", "edited_at": edited.json()["edited_at"]},
                      hint="Changing only the visibility is not an edit: leave edited_at and the history alone.")
    expect_history(ann.get(f"{path}history/").expect_status(200), [before], "after changing only the visibility")


def expect_history(response, wanted: list[str], when: str) -> None:
    body = response.json()
    rows = body.get("results") if isinstance(body, dict) else None
    if not isinstance(rows, list):
        raise CheckFailed("the history is not a page", expected='{"next", "previous", "results"}', response=response)
    texts = [row.get("text") if isinstance(row, dict) else row for row in rows]
    if texts != wanted:
        raise CheckFailed(f"{when}, the history lists {json.dumps(texts)}",
                          expected=f"{json.dumps(wanted)}: one row per change of the text, holding the text "
                                   "before it", response=response)


@PART.check("posts.delete", "DELETE by the author is 204, then the post is 404 and its media no longer served",
            hint="Delete the post (its media rows cascade) and remove their files from storage with "
                 "transaction.on_commit(lambda: default_storage.delete(name)), so that a rolled-back delete "
                 "keeps its files.",
            anchor="deleting-a-post", needs=MAIL)
def posts_delete(ctx):
    ann = Person(ctx)
    post = ann.write_post("Short-lived", files=[("media", ("gone.png", png(80, 60), "image/png"))])
    media = media_of(post, ctx.last_response)
    if len(media) != 1:
        raise CheckFailed(f"the post has {len(media)} media", expected="the 1 picture uploaded",
                          response=ctx.last_response)
    fetch_medium(ctx, media[0], "the picture")
    path = f"/api/posts/{post['id']}/"
    deleted = ann.delete(path).expect_status(204)
    ann.get(path).expect_status(404)
    gone = ctx.get(media[0]["url"], headers={"Accept": "*/*"})
    if gone.status != 404:
        # The answer shown is the delete's: the picture's own would be its bytes.
        raise CheckFailed(f"after the delete, the post's picture is still served: GET {media[0]['url']} answered "
                          f"{gone.status}", expected="404: the file removed from storage, not only the row",
                          response=deleted)


# -- lists ----------------------------------------------------------------------------------------------------
@PART.check("posts.timeline", "GET /api/users/{username}/posts/: newest first, cursor pages that respect page_size; "
                              "bad paging parameters are a 400",
            hint="Order by (-created_at, -id) with part 06's cursor pagination class (TimelinePagination): "
                 "page_size is checked and a bad cursor is a 400 naming it.",
            anchor="timelines", needs=MAIL)
def posts_timeline(ctx):
    ann = Person(ctx)
    written = [ann.write_post(f"Post number {number}")["id"] for number in (1, 2, 3)]
    path = f"/api/users/{ann.username}/posts/"
    first = ann.get(f"{path}?page_size=2").expect_status(200)
    if ids_in(first, "the author's posts") != [written[2], written[1]]:
        raise CheckFailed(f"the first page lists {ids_in(first, 'the page')}",
                          expected=f"the two newest, newest first: {[written[2], written[1]]}", response=first)
    following = first.json().get("next")
    if not isinstance(following, str) or not following:
        raise CheckFailed(f'"next" is {json.dumps(following)}', expected='"next": the URL of the rest', response=first)
    rest = ann.get(following).expect_status(200)
    if ids_in(rest, "the next page") != [written[0]]:
        raise CheckFailed(f"the next page lists {ids_in(rest, 'the page')}", expected=f"the oldest: {[written[0]]}",
                          response=rest)
    for query, parameter in (("page_size=abc", "page_size"), ("page_size=0", "page_size"),
                             ("cursor=not-a-cursor", "cursor")):
        expect_refused(ann.get(f"{path}?{query}"), f"?{query}", parameter, crash_hint="")
