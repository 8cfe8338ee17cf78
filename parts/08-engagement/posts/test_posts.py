"""Writing, reading, editing and deleting a post, and its edit history."""
from pathlib import Path

import pytest

from conftest import image_upload, stored_file
from posts import services
from posts.media import checked_medium
from posts.models import Post, PostEdit

pytestmark = pytest.mark.django_db


@pytest.fixture
def ann(people, client_for):
    return client_for(people.ann)


# -- create ------------------------------------------------------------------------------------
def test_write_a_post_as_json(ann):
    response = ann.post("/api/posts/", {"text": "Hello #World, hi @bob", "visibility": "followers"}, format="json")

    assert response.status_code == 201, response.content
    post = response.json()
    assert post["text"] == "Hello #World, hi @bob"
    assert post["visibility"] == "followers"
    assert post["author"] == {"username": "ann", "display_name": "", "avatar": None}
    assert (post["hashtags"], post["mentions"], post["media"]) == (["world"], ["bob"], [])
    assert post["edited_at"] is None
    assert isinstance(post["id"], str) and post["url"] == f"/api/posts/{post['id']}/"


def test_write_a_post_with_photos_as_a_multipart_form(ann):
    form = {"text": "Two photos", "media": [image_upload("a.png"), image_upload("b.jpg", format="JPEG")],
            "alt_text": ["A teal square", "Another one"]}

    response = ann.post("/api/posts/", form, format="multipart")

    assert response.status_code == 201, response.content
    media = response.json()["media"]
    assert [(medium["content_type"], medium["alt_text"]) for medium in media] == [
        ("image/png", "A teal square"), ("image/jpeg", "Another one")]
    assert response.json()["visibility"] == "public"  # the default


def test_a_post_with_only_media_needs_no_text(ann):
    response = ann.post("/api/posts/", {"media": [image_upload()]}, format="multipart")

    assert response.status_code == 201
    assert response.json()["text"] == ""


@pytest.mark.parametrize("body,field", [
    ({"text": ""}, "text"),                                 # neither text nor media
    ({}, "text"),
    ({"text": "x" * 2201}, "text"),
    ({"text": 42}, "text"),                                 # text is a string, never a number
    ({"text": "hi", "visibility": "everyone"}, "visibility"),
    ({"text": "hi", "alt_text": ["no file to describe"]}, "alt_text"),
    ({"text": "hi", "media": ["not a file"]}, "media"),
])
def test_a_wrong_post_is_400_naming_the_field(ann, body, field):
    response = ann.post("/api/posts/", body, format="json")

    assert response.status_code == 400
    assert list(response.json()) == [field]


def test_2200_characters_are_fine(ann):
    assert ann.post("/api/posts/", {"text": "x" * 2200}, format="json").status_code == 201


def test_anonymous_requests_are_401(api_client, people):
    post = services.post_create(author=people.ann, text="Public")

    assert api_client.post("/api/posts/", {"text": "hi"}, format="json").status_code == 401
    assert api_client.get(f"/api/posts/{post.pk}/").status_code == 401


# -- read --------------------------------------------------------------------------------------
def test_read_a_post(client_for, people):
    post = services.post_create(author=people.ann, text="Hello #café")

    response = client_for(people.bob).get(f"/api/posts/{post.pk}/")

    assert response.status_code == 200
    assert response.json()["hashtags"] == ["café"]


def test_a_post_that_does_not_exist_is_404(ann):
    assert ann.get("/api/posts/999999/").status_code == 404
    assert ann.get("/api/posts/99999999999999999999999/").status_code == 404  # beyond any id


# -- edit --------------------------------------------------------------------------------------
# --8<-- [start:edit-test]
def test_the_author_edits_the_text_and_the_old_text_is_kept(ann, people):
    post = services.post_create(author=people.ann, text="Hello #draft @bob")

    response = ann.patch(f"/api/posts/{post.pk}/", {"text": "Hello #final @cat"}, format="json")

    assert response.status_code == 200
    edited = response.json()
    # The new text, read again for tags and mentions, and marked as edited
    assert (edited["text"], edited["hashtags"], edited["mentions"]) == ("Hello #final @cat", ["final"], ["cat"])
    assert edited["edited_at"] is not None
    # The history holds the text as it was before
    assert list(PostEdit.objects.filter(post=post).values_list("text", flat=True)) == ["Hello #draft @bob"]
# --8<-- [end:edit-test]


def test_changing_only_the_visibility_is_not_an_edit(ann, people):
    post = services.post_create(author=people.ann, text="Hello")

    response = ann.patch(f"/api/posts/{post.pk}/", {"visibility": "friends", "text": "Hello"}, format="json")

    assert response.json()["visibility"] == "friends"
    assert response.json()["edited_at"] is None
    assert not PostEdit.objects.exists()


def test_the_text_can_be_emptied_only_on_a_post_with_media(ann, people):
    text_only = services.post_create(author=people.ann, text="Words")
    with_photo = ann.post("/api/posts/", {"text": "Caption", "media": [image_upload()]}, format="multipart").json()

    assert ann.patch(f"/api/posts/{text_only.pk}/", {"text": ""}, format="json").status_code == 400
    assert ann.patch(f"/api/posts/{with_photo['id']}/", {"text": ""}, format="json").status_code == 200


def test_an_edit_with_a_wrong_field_is_400(ann, people):
    post = services.post_create(author=people.ann, text="Hello")

    assert list(ann.patch(f"/api/posts/{post.pk}/", {"text": "x" * 2201}, format="json").json()) == ["text"]
    assert list(ann.patch(f"/api/posts/{post.pk}/", {"visibility": "all"}, format="json").json()) == ["visibility"]


def test_someone_who_sees_the_post_may_not_edit_or_delete_it(client_for, people):
    post = services.post_create(author=people.ann, text="Mine")
    bob = client_for(people.bob)

    edit = bob.patch(f"/api/posts/{post.pk}/", {"text": "Bob was here"}, format="json")
    delete = bob.delete(f"/api/posts/{post.pk}/")

    assert (edit.status_code, delete.status_code) == (403, 403)
    assert edit.json()["code"] == "not_the_author"
    assert Post.objects.get().text == "Mine"


def test_someone_who_cannot_see_the_post_gets_404_not_403(client_for, people):
    post = services.post_create(author=people.ann, text="Just for me", visibility="only_me")
    bob = client_for(people.bob)

    assert bob.patch(f"/api/posts/{post.pk}/", {"text": "?"}, format="json").status_code == 404
    assert bob.delete(f"/api/posts/{post.pk}/").status_code == 404


# -- delete ------------------------------------------------------------------------------------
# --8<-- [start:delete-test]
def test_deleting_a_post_removes_its_files_once_committed(ann, settings, django_capture_on_commit_callbacks):
    created = ann.post("/api/posts/", {"media": [image_upload(), image_upload()]}, format="multipart").json()
    files = [stored_file(medium["url"], settings) for medium in created["media"]]
    assert all(path.exists() for path in files)

    with django_capture_on_commit_callbacks(execute=False) as after_commit:
        response = ann.delete(f"/api/posts/{created['id']}/")
    # Deleted in the database, but the files wait for the commit
    assert response.status_code == 204
    assert all(path.exists() for path in files)

    for callback in after_commit:
        callback()
    assert not any(path.exists() for path in files)
    assert ann.get(f"/api/posts/{created['id']}/").status_code == 404
# --8<-- [end:delete-test]


def test_deleting_an_account_removes_its_posts_and_their_files(people, settings, django_capture_on_commit_callbacks):
    post = services.post_create(author=people.ann, media=[checked_medium(image_upload())])
    path = Path(settings.MEDIA_ROOT) / post.media.get().file.name
    assert path.exists()

    with django_capture_on_commit_callbacks(execute=True):
        people.ann.delete()

    assert not Post.objects.exists()
    assert not path.exists()


# -- history -----------------------------------------------------------------------------------
def test_the_history_lists_earlier_texts_newest_first(client_for, people):
    post = services.post_create(author=people.ann, text="one")
    for text in ("two", "three"):
        services.post_edit(post=post, editor=people.ann, text=text)

    response = client_for(people.bob).get(f"/api/posts/{post.pk}/history/")

    assert response.status_code == 200
    assert [row["text"] for row in response.json()["results"]] == ["two", "one"]
    assert set(response.json()["results"][0]) == {"text", "edited_at"}


def test_the_history_of_a_post_you_cannot_see_is_404(client_for, people):
    post = services.post_create(author=people.ann, text="one", visibility="only_me")

    assert client_for(people.bob).get(f"/api/posts/{post.pk}/history/").status_code == 404
