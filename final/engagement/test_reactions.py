"""
Reactions: one per person per post and per comment. PUT sets it (creating or
replacing), DELETE takes it back (twice is fine), and the counts show on the post's and
the comment's JSON, with the viewer's own reaction.
"""
import pytest

from engagement import services
from engagement.models import CommentReaction, PostReaction
from posts import services as posts
from social import services as social

pytestmark = pytest.mark.django_db

NONE = {"like": 0, "love": 0, "haha": 0, "wow": 0, "sad": 0, "angry": 0}


@pytest.fixture
def bobs_post(people):
    return posts.post_create(author=people.bob, text="New bike!")


@pytest.fixture
def cats_comment(people, bobs_post):
    return services.comment_create(author=people.cat, post=bobs_post, text="Nice colour")


# --8<-- [start:put]
def test_put_creates_a_reaction_then_replaces_it(people, client_for, bobs_post):
    ann = client_for(people.ann)
    url = f"/api/posts/{bobs_post.pk}/reaction/"

    first = ann.put(url, {"type": "like"}, format="json")
    second = ann.put(url, {"type": "love"}, format="json")

    assert first.status_code == second.status_code == 200
    assert first.json() == {"type": "like", "reaction_counts": {**NONE, "like": 1}, "my_reaction": "like"}
    assert second.json() == {"type": "love", "reaction_counts": {**NONE, "love": 1}, "my_reaction": "love"}
    assert PostReaction.objects.get().type == "love"  # one row, replaced
# --8<-- [end:put]


def test_delete_takes_a_reaction_back_and_a_second_delete_is_fine(people, client_for, bobs_post):
    ann = client_for(people.ann)
    url = f"/api/posts/{bobs_post.pk}/reaction/"
    ann.put(url, {"type": "wow"}, format="json")

    first, second = ann.delete(url), ann.delete(url)

    assert first.status_code == second.status_code == 204
    assert not PostReaction.objects.exists()


@pytest.mark.parametrize("body", [{"type": "meh"}, {"type": ""}, {"type": 1}, {}])
def test_an_unknown_type_is_400_naming_type(people, client_for, bobs_post, body):
    response = client_for(people.ann).put(f"/api/posts/{bobs_post.pk}/reaction/", body, format="json")

    assert response.status_code == 400
    assert list(response.json()) == ["type"]


def test_no_reaction_to_a_post_you_cannot_see(people, client_for):
    hidden = posts.post_create(author=people.bob, text="Just me", visibility="only_me")
    ann = client_for(people.ann)

    assert ann.put(f"/api/posts/{hidden.pk}/reaction/", {"type": "like"}, format="json").status_code == 404
    assert ann.delete(f"/api/posts/{hidden.pk}/reaction/").status_code == 404
    assert ann.get(f"/api/posts/{hidden.pk}/reactions/").status_code == 404
    assert not PostReaction.objects.exists()


def test_reactions_to_a_comment_work_the_same_way(people, client_for, cats_comment):
    ann, bob = client_for(people.ann), client_for(people.bob)
    url = f"/api/comments/{cats_comment.pk}/reaction/"

    ann.put(url, {"type": "haha"}, format="json")
    answer = bob.put(url, {"type": "haha"}, format="json").json()
    ann.put(url, {"type": "sad"}, format="json")

    assert answer == {"type": "haha", "reaction_counts": {**NONE, "haha": 2}, "my_reaction": "haha"}
    shown = bob.get(f"/api/comments/{cats_comment.pk}/").json()
    assert (shown["reaction_counts"], shown["my_reaction"]) == ({**NONE, "haha": 1, "sad": 1}, "haha")
    assert bob.delete(url).status_code == 204
    assert CommentReaction.objects.count() == 1


def test_no_reaction_to_a_comment_you_cannot_see(people, client_for, cats_comment):
    social.user_block(blocker=people.cat, blocked=people.ann)

    response = client_for(people.ann).put(f"/api/comments/{cats_comment.pk}/reaction/", {"type": "like"},
                                          format="json")

    assert response.status_code == 404


def test_the_post_shows_its_counts_and_your_reaction(people, client_for, bobs_post):
    services.react(user=people.ann, post=bobs_post, type="love")
    services.react(user=people.cat, post=bobs_post, type="love")
    services.react(user=people.bob, post=bobs_post, type="wow")

    as_ann = client_for(people.ann).get(f"/api/posts/{bobs_post.pk}/").json()
    as_bob = client_for(people.bob).get("/api/users/bob/posts/").json()["results"][0]

    assert as_ann["reaction_counts"] == as_bob["reaction_counts"] == {**NONE, "love": 2, "wow": 1}
    assert (as_ann["my_reaction"], as_bob["my_reaction"]) == ("love", "wow")


def test_counts_do_not_multiply_each_other(people, client_for, bobs_post):
    # Three comments and two reactions: several Count()s over joins would say six of each
    for person in (people.ann, people.bob, people.cat):
        services.comment_create(author=person, post=bobs_post, text="Hi")
    services.react(user=people.ann, post=bobs_post, type="like")
    services.react(user=people.cat, post=bobs_post, type="like")

    shown = client_for(people.ann).get(f"/api/posts/{bobs_post.pk}/").json()

    assert (shown["comments_count"], shown["reaction_counts"]["like"]) == (3, 2)


# -- who reacted -------------------------------------------------------------------------------
def test_who_reacted_newest_first_and_by_type(people, client_for, bobs_post):
    services.react(user=people.ann, post=bobs_post, type="like")
    services.react(user=people.bob, post=bobs_post, type="love")
    services.react(user=people.cat, post=bobs_post, type="like")
    ann = client_for(people.ann)
    url = f"/api/posts/{bobs_post.pk}/reactions/"

    everyone = ann.get(url).json()["results"]
    likes = ann.get(url, {"type": "like"}).json()["results"]

    assert [(row["user"]["username"], row["type"]) for row in everyone] == [("cat", "like"), ("bob", "love"),
                                                                            ("ann", "like")]
    assert [row["user"]["username"] for row in likes] == ["cat", "ann"]
    assert set(everyone[0]) == {"user", "type", "created_at"}


@pytest.mark.parametrize("type", ["meh", "", "LIKE"])
def test_an_unknown_type_filter_is_400_naming_type(people, client_for, bobs_post, cats_comment, type):
    ann = client_for(people.ann)

    for url in (f"/api/posts/{bobs_post.pk}/reactions/", f"/api/comments/{cats_comment.pk}/reactions/"):
        response = ann.get(url, {"type": type})
        assert response.status_code == 400
        assert list(response.json()) == ["type"]


@pytest.mark.parametrize("who_blocks", ["ann blocks cat", "cat blocks ann"])
def test_people_hidden_from_you_are_not_listed_but_still_counted(people, client_for, bobs_post, cats_comment,
                                                                 who_blocks):
    services.react(user=people.cat, post=bobs_post, type="like")
    services.react(user=people.cat, comment=cats_comment, type="like")
    services.react(user=people.bob, post=bobs_post, type="like")
    if who_blocks == "ann blocks cat":
        social.user_block(blocker=people.ann, blocked=people.cat)
    else:
        social.user_block(blocker=people.cat, blocked=people.ann)
    ann = client_for(people.ann)

    listed = ann.get(f"/api/posts/{bobs_post.pk}/reactions/").json()["results"]
    shown = ann.get(f"/api/posts/{bobs_post.pk}/").json()

    assert [row["user"]["username"] for row in listed] == ["bob"]
    assert shown["reaction_counts"]["like"] == 2  # a total, like the profile counts
    assert ann.get(f"/api/comments/{cats_comment.pk}/reactions/").status_code == 404  # Cat's comment is hidden too


def test_who_reacted_to_a_comment(people, client_for, cats_comment):
    services.react(user=people.bob, comment=cats_comment, type="wow")

    listed = client_for(people.ann).get(f"/api/comments/{cats_comment.pk}/reactions/").json()["results"]

    assert [(row["user"]["username"], row["type"]) for row in listed] == [("bob", "wow")]


def test_reactions_go_with_their_post_and_comment(people, client_for, bobs_post, cats_comment):
    services.react(user=people.ann, post=bobs_post, type="like")
    services.react(user=people.ann, comment=cats_comment, type="like")

    client_for(people.bob).delete(f"/api/posts/{bobs_post.pk}/")

    assert not PostReaction.objects.exists() and not CommentReaction.objects.exists()
