"""
Comments and replies: writing, reading, editing and deleting them, and who sees them.
A comment lives on a post: whoever may not see the post may not see its comments, and
a block hides people's comments both ways.
"""
import pytest

from conftest import make_private
from engagement import services
from engagement.models import Comment
from posts import services as posts
from social import services as social

pytestmark = pytest.mark.django_db


@pytest.fixture
def ann(people, client_for):
    return client_for(people.ann)


@pytest.fixture
def bobs_post(people):
    return posts.post_create(author=people.bob, text="What is everyone reading?")


def comment(people, post, text="A comment", author=None, parent=None) -> Comment:
    return services.comment_create(author=author or people.ann, post=post, text=text, parent=parent)


def texts(response) -> list[str]:
    return [row["text"] for row in response.json()["results"]]


# -- write -------------------------------------------------------------------------------------
def test_comment_on_a_post(ann, bobs_post):
    response = ann.post(f"/api/posts/{bobs_post.pk}/comments/", {"text": "Dune, again"}, format="json")

    assert response.status_code == 201, response.content
    body = response.json()
    assert body == {
        "id": body["id"], "post": str(bobs_post.pk), "parent": None,
        "author": {"username": "ann", "display_name": "", "avatar": None},
        "text": "Dune, again", "created_at": body["created_at"], "edited_at": None, "replies_count": 0,
        "reaction_counts": {"like": 0, "love": 0, "haha": 0, "wow": 0, "sad": 0, "angry": 0}, "my_reaction": None,
    }
    assert isinstance(body["id"], str)


def test_replies_nest_to_any_depth(people, client_for, bobs_post):
    first = comment(people, bobs_post, "Dune")
    bob = client_for(people.bob)

    reply = bob.post(f"/api/posts/{bobs_post.pk}/comments/", {"text": "Which edition?", "parent": str(first.pk)},
                     format="json").json()
    deeper = client_for(people.ann).post(f"/api/posts/{bobs_post.pk}/comments/",
                                         {"text": "The old one", "parent": reply["id"]}, format="json")

    assert deeper.status_code == 201
    assert (reply["parent"], deeper.json()["parent"]) == (str(first.pk), reply["id"])
    assert bob.get(f"/api/comments/{first.pk}/").json()["replies_count"] == 1  # direct replies only


@pytest.mark.parametrize("body", [
    {"text": ""}, {"text": "   "}, {"text": "x" * 1001}, {"text": 42}, {},
])
def test_a_comment_needs_a_text_of_1_to_1000_characters(ann, bobs_post, body):
    response = ann.post(f"/api/posts/{bobs_post.pk}/comments/", body, format="json")

    assert response.status_code == 400
    assert list(response.json()) == ["text"]


def test_a_reply_to_a_comment_of_another_post_is_400_naming_parent(people, ann, bobs_post):
    other_post = posts.post_create(author=people.bob, text="Another post")
    elsewhere = comment(people, other_post)

    response = ann.post(f"/api/posts/{bobs_post.pk}/comments/", {"text": "Hi", "parent": str(elsewhere.pk)},
                        format="json")

    assert response.status_code == 400
    assert list(response.json()) == ["parent"]


@pytest.mark.parametrize("parent", ["999999", "not-an-id", 7, True])
def test_a_parent_that_is_no_comment_is_400_naming_parent(ann, bobs_post, parent):
    response = ann.post(f"/api/posts/{bobs_post.pk}/comments/", {"text": "Hi", "parent": parent}, format="json")

    assert response.status_code == 400
    assert list(response.json()) == ["parent"]


def test_a_parent_hidden_from_you_is_400_like_one_that_does_not_exist(people, client_for, bobs_post):
    cats_comment = comment(people, bobs_post, author=people.cat)
    social.user_block(blocker=people.cat, blocked=people.ann)  # Cat's comments are gone for Ann
    ann = client_for(people.ann)

    hidden = ann.post(f"/api/posts/{bobs_post.pk}/comments/", {"text": "Hi", "parent": str(cats_comment.pk)},
                      format="json")
    missing = ann.post(f"/api/posts/{bobs_post.pk}/comments/", {"text": "Hi", "parent": "999999"}, format="json")

    assert hidden.status_code == missing.status_code == 400
    assert hidden.json() == missing.json() == {"parent": ["No such comment."]}


def test_comments_on_a_post_you_cannot_see_are_404(people, client_for):
    make_private(people.bob)
    private_post = posts.post_create(author=people.bob, text="For my followers", visibility="followers")
    comment(people, private_post, author=people.bob)
    ann = client_for(people.ann)

    assert ann.get(f"/api/posts/{private_post.pk}/comments/").status_code == 404
    assert ann.post(f"/api/posts/{private_post.pk}/comments/", {"text": "Hi"}, format="json").status_code == 404


def test_someone_the_author_blocked_cannot_comment(people, client_for, bobs_post):
    social.user_block(blocker=people.bob, blocked=people.ann)

    response = client_for(people.ann).post(f"/api/posts/{bobs_post.pk}/comments/", {"text": "Hi"}, format="json")

    assert response.status_code == 404
    assert not Comment.objects.exists()


# -- read --------------------------------------------------------------------------------------
def test_comments_are_listed_oldest_first_and_replies_apart(people, client_for, bobs_post):
    first = comment(people, bobs_post, "first")
    comment(people, bobs_post, "second", author=people.cat)
    comment(people, bobs_post, "a reply", author=people.bob, parent=first)
    comment(people, bobs_post, "another reply", parent=first)
    bob = client_for(people.bob)

    top_level = bob.get(f"/api/posts/{bobs_post.pk}/comments/")
    replies = bob.get(f"/api/comments/{first.pk}/replies/")

    assert texts(top_level) == ["first", "second"]
    assert texts(replies) == ["a reply", "another reply"]
    assert top_level.json()["results"][0]["replies_count"] == 2


def test_a_comment_on_its_own(people, ann, bobs_post):
    mine = comment(people, bobs_post, "Hello")

    response = ann.get(f"/api/comments/{mine.pk}/")

    assert (response.status_code, response.json()["text"]) == (200, "Hello")
    assert ann.get("/api/comments/999999/").status_code == 404


@pytest.mark.parametrize("who_blocks", ["ann blocks cat", "cat blocks ann"])
def test_blocked_peoples_comments_vanish_both_ways(people, client_for, bobs_post, who_blocks):
    comment(people, bobs_post, "from ann")
    cats = comment(people, bobs_post, "from cat", author=people.cat)
    if who_blocks == "ann blocks cat":
        social.user_block(blocker=people.ann, blocked=people.cat)
    else:
        social.user_block(blocker=people.cat, blocked=people.ann)
    ann, cat, bob = client_for(people.ann), client_for(people.cat), client_for(people.bob)
    url = f"/api/posts/{bobs_post.pk}/comments/"

    assert texts(ann.get(url)) == ["from ann"]
    assert texts(cat.get(url)) == ["from cat"]
    assert texts(bob.get(url)) == ["from ann", "from cat"]  # everyone else sees both
    assert ann.get(f"/api/comments/{cats.pk}/").status_code == 404


def test_comments_by_someone_the_posts_author_blocked_are_gone_for_everyone(people, client_for, bobs_post):
    cats = comment(people, bobs_post, "from cat", author=people.cat)
    comment(people, bobs_post, "from ann")
    social.user_block(blocker=people.bob, blocked=people.cat)
    ann, bob = client_for(people.ann), client_for(people.bob)
    url = f"/api/posts/{bobs_post.pk}/comments/"

    assert texts(ann.get(url)) == texts(bob.get(url)) == ["from ann"]
    assert ann.get(f"/api/comments/{cats.pk}/").status_code == 404
    assert bob.get(f"/api/comments/{cats.pk}/").status_code == 404
    assert bob.get(f"/api/posts/{bobs_post.pk}/").json()["comments_count"] == 2  # a total, as counts are


def test_an_inactive_authors_comments_are_hidden(people, ann, bobs_post):
    comment(people, bobs_post, "from cat", author=people.cat)
    people.cat.is_active = False
    people.cat.save()

    assert texts(ann.get(f"/api/posts/{bobs_post.pk}/comments/")) == []


def test_comments_follow_their_post_out_of_sight(people, client_for, bobs_post):
    mine = comment(people, bobs_post)
    ann = client_for(people.ann)
    posts.post_edit(post=bobs_post, editor=people.bob, visibility="only_me")

    assert ann.get(f"/api/comments/{mine.pk}/").status_code == 404
    assert ann.get(f"/api/comments/{mine.pk}/replies/").status_code == 404
    assert ann.patch(f"/api/comments/{mine.pk}/", {"text": "x"}, format="json").status_code == 404


# -- edit and delete ---------------------------------------------------------------------------
def test_the_author_edits_a_comment(people, ann, bobs_post):
    mine = comment(people, bobs_post, "Dune")

    response = ann.patch(f"/api/comments/{mine.pk}/", {"text": "Dune Messiah"}, format="json")

    assert response.status_code == 200
    assert response.json()["text"] == "Dune Messiah" and response.json()["edited_at"] is not None


def test_nobody_else_edits_a_comment_not_even_the_posts_author(people, client_for, bobs_post):
    mine = comment(people, bobs_post, "Dune")

    response = client_for(people.bob).patch(f"/api/comments/{mine.pk}/", {"text": "Edited"}, format="json")

    assert (response.status_code, response.json()["code"]) == (403, "not_the_author")
    assert Comment.objects.get().text == "Dune"


def test_an_edit_is_checked_like_a_new_comment(people, ann, bobs_post):
    mine = comment(people, bobs_post)

    response = ann.patch(f"/api/comments/{mine.pk}/", {"text": ""}, format="json")

    assert response.status_code == 400 and list(response.json()) == ["text"]


@pytest.mark.parametrize("deleter", ["ann", "bob"], ids=["the comment's author", "the post's author"])
def test_the_comments_author_or_the_posts_author_deletes_it(people, client_for, bobs_post, deleter):
    mine = comment(people, bobs_post)

    response = client_for(getattr(people, deleter)).delete(f"/api/comments/{mine.pk}/")

    assert response.status_code == 204
    assert not Comment.objects.exists()


def test_anyone_else_may_not_delete_a_comment(people, client_for, bobs_post):
    mine = comment(people, bobs_post)

    response = client_for(people.cat).delete(f"/api/comments/{mine.pk}/")

    assert response.status_code == 403
    assert Comment.objects.count() == 1


def test_replies_go_with_their_parent(people, ann, bobs_post):
    first = comment(people, bobs_post, "first")
    reply = comment(people, bobs_post, "reply", author=people.bob, parent=first)
    comment(people, bobs_post, "reply to the reply", author=people.cat, parent=reply)
    comment(people, bobs_post, "second")

    ann.delete(f"/api/comments/{first.pk}/")

    assert list(Comment.objects.values_list("text", flat=True)) == ["second"]


def test_comments_go_with_their_post(people, client_for, bobs_post):
    comment(people, bobs_post)

    client_for(people.bob).delete(f"/api/posts/{bobs_post.pk}/")

    assert not Comment.objects.exists()


def test_the_post_counts_every_comment_replies_included(people, client_for, bobs_post):
    first = comment(people, bobs_post)
    comment(people, bobs_post, author=people.bob, parent=first)
    comment(people, bobs_post, author=people.cat)

    assert client_for(people.bob).get(f"/api/posts/{bobs_post.pk}/").json()["comments_count"] == 3


def test_anonymous_requests_are_401(api_client, people, bobs_post):
    mine = comment(people, bobs_post)

    assert api_client.get(f"/api/posts/{bobs_post.pk}/comments/").status_code == 401
    assert api_client.get(f"/api/comments/{mine.pk}/").status_code == 401
