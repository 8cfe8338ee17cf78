"""
Shares: a repost (no text) or a quote (with text) is a post pointing at its original.
A share never shows to anyone who may not see the original, goes when the original
goes, and the original's author decides who may quote it.
"""
import pytest

from conftest import make_private
from engagement import services as engagement
from posts import services
from posts.models import Post
from social import services as social

pytestmark = pytest.mark.django_db


@pytest.fixture
def bobs_post(people):
    return services.post_create(author=people.bob, text="Spring is here #garden")


def share(client, post, **body):
    return client.post(f"/api/posts/{post.pk}/share/", body, format="json")


def follow(follower, target):
    social.follow_create(follower=follower, target=target)
    if target.profile.is_private:
        social.follow_request_accept(owner=target, follow_id=target.follower_links.get(follower=follower).pk)


def befriend(a, b):
    social.friend_request_send(sender=a, target=b)
    social.friend_request_send(sender=b, target=a)  # crossing requests make friends


# -- repost and quote --------------------------------------------------------------------------
# --8<-- [start:repost]
def test_a_repost_is_a_post_that_shows_its_original(people, client_for, bobs_post):
    response = share(client_for(people.ann), bobs_post)

    assert response.status_code == 201, response.content
    repost = response.json()
    assert (repost["author"]["username"], repost["text"]) == ("ann", "")
    assert repost["shared_post"]["id"] == str(bobs_post.pk)
    assert repost["shared_post"]["text"] == "Spring is here #garden"
    assert repost["shared_post"]["hashtags"] == ["garden"]
    assert "shared_post" not in repost["shared_post"]  # the original never shares anything itself


def test_reposting_twice_gives_back_the_first_repost(people, client_for, bobs_post):
    ann = client_for(people.ann)

    first, second = share(ann, bobs_post), share(ann, bobs_post)

    assert (first.status_code, second.status_code) == (201, 200)
    assert first.json()["id"] == second.json()["id"]
    assert Post.objects.filter(shared_post=bobs_post).count() == 1
# --8<-- [end:repost]


def test_a_quote_has_text_of_its_own_and_quotes_are_not_limited(people, client_for, bobs_post):
    ann = client_for(people.ann)

    first = share(ann, bobs_post, text="So true, @bob #spring", visibility="followers")
    second = share(ann, bobs_post, text="Still true")

    assert first.status_code == second.status_code == 201
    quote = first.json()
    assert (quote["text"], quote["visibility"], quote["shared_post"]["id"]) == (
        "So true, @bob #spring", "followers", str(bobs_post.pk))
    assert (quote["hashtags"], quote["mentions"]) == (["spring"], ["bob"])
    assert Post.objects.filter(shared_post=bobs_post).count() == 2


def test_sharing_a_share_shares_its_original(people, client_for, bobs_post):
    anns_repost = services.post_share(sharer=people.ann, post=bobs_post)[0]

    response = share(client_for(people.cat), anns_repost, text="Via Ann")

    assert response.json()["shared_post"]["id"] == str(bobs_post.pk)
    assert Post.objects.get(text="Via Ann").shared_post == bobs_post


@pytest.mark.parametrize("body,field", [({"text": "x" * 2201}, "text"), ({"text": 42}, "text"),
                                        ({"visibility": "everyone"}, "visibility")])
def test_a_bad_share_is_400_naming_the_field(people, client_for, bobs_post, body, field):
    response = share(client_for(people.ann), bobs_post, **body)

    assert response.status_code == 400 and list(response.json()) == [field]


def test_a_post_you_cannot_see_cannot_be_shared(people, client_for):
    hidden = services.post_create(author=people.bob, text="Just me", visibility="only_me")

    assert share(client_for(people.ann), hidden).status_code == 404
    assert not Post.objects.filter(shared_post=hidden).exists()


def test_the_original_counts_its_shares(people, client_for, bobs_post):
    services.post_share(sharer=people.ann, post=bobs_post)
    services.post_share(sharer=people.cat, post=bobs_post, text="Quote")

    shown = client_for(people.bob).get(f"/api/posts/{bobs_post.pk}/").json()

    assert shown["shares_count"] == 2


def test_a_share_shows_the_originals_counts(people, client_for, bobs_post):
    engagement.react(user=people.ann, post=bobs_post, type="love")
    repost = services.post_share(sharer=people.ann, post=bobs_post)[0]

    shown = client_for(people.ann).get(f"/api/posts/{repost.pk}/").json()

    assert shown["reaction_counts"]["love"] == 0 and shown["my_reaction"] is None  # the repost's own
    original = shown["shared_post"]
    assert (original["reaction_counts"]["love"], original["my_reaction"], original["shares_count"]) == (1, "love", 1)


# -- audience ----------------------------------------------------------------------------------
# --8<-- [start:audience]
def test_a_share_never_widens_the_originals_audience(people, client_for):
    make_private(people.bob)
    follow(people.ann, people.bob)
    for_followers = services.post_create(author=people.bob, text="Followers only", visibility="followers")
    repost = services.post_share(sharer=people.ann, post=for_followers, visibility="public")[0]
    cat = client_for(people.cat)  # follows Ann, not Bob
    follow(people.cat, people.ann)

    assert cat.get(f"/api/posts/{repost.pk}/").status_code == 404
    assert cat.get("/api/users/ann/posts/").json()["results"] == []
    assert client_for(people.ann).get(f"/api/posts/{repost.pk}/").status_code == 200
# --8<-- [end:audience]


def test_a_block_by_the_originals_author_hides_the_share(people, client_for, bobs_post):
    repost = services.post_share(sharer=people.ann, post=bobs_post)[0]
    social.user_block(blocker=people.bob, blocked=people.cat)

    assert client_for(people.cat).get(f"/api/posts/{repost.pk}/").status_code == 404
    assert client_for(people.cat).get("/api/hashtags/garden/posts/").json()["results"] == []


def test_the_shares_own_visibility_still_counts(people, client_for, bobs_post):
    repost = services.post_share(sharer=people.ann, post=bobs_post, visibility="only_me")[0]

    assert client_for(people.cat).get(f"/api/posts/{repost.pk}/").status_code == 404
    assert client_for(people.ann).get(f"/api/posts/{repost.pk}/").status_code == 200


def test_shares_go_with_their_original(people, client_for, bobs_post):
    services.post_share(sharer=people.ann, post=bobs_post)
    services.post_share(sharer=people.cat, post=bobs_post, text="Quote")

    client_for(people.bob).delete(f"/api/posts/{bobs_post.pk}/")

    assert not Post.objects.exists()


# -- quote policy ------------------------------------------------------------------------------
# --8<-- [start:quote-policy]
# Who may quote a post, for each policy its author can choose. The author always may;
# friends count as followers, as they do for visibility. Reposts are always allowed.
MAY_QUOTE = {
    "everyone": {"author", "follower", "friend", "stranger"},
    "followers": {"author", "follower", "friend"},
    "nobody": {"author"},
}


@pytest.mark.parametrize("policy", MAY_QUOTE)
def test_the_quote_policy_decides_who_may_quote(people, make_user, client_for, policy):
    original = services.post_create(author=people.bob, text="Quote me?", quote_policy=policy)
    follow(people.ann, people.bob)
    dan = make_user(email="dan@example.com", username="dan")
    befriend(dan, people.bob)
    sharers = {"author": people.bob, "follower": people.ann, "friend": dan, "stranger": people.cat}

    answers = {role: share(client_for(person), original, text="My take") for role, person in sharers.items()}

    assert {role for role, answer in answers.items() if answer.status_code == 201} == MAY_QUOTE[policy]
    for role in set(sharers) - MAY_QUOTE[policy]:
        assert (answers[role].status_code, answers[role].json()["code"]) == (403, "quote_not_allowed")
        assert share(client_for(sharers[role]), original).status_code == 201  # a repost is fine
# --8<-- [end:quote-policy]


def test_followers_means_accepted_followers_a_pending_request_is_not_enough(people, client_for):
    make_private(people.bob)
    original = services.post_create(author=people.bob, text="Quote me?", quote_policy="followers")
    social.follow_create(follower=people.ann, target=people.bob)  # waits for Bob's approval
    follow(people.cat, people.bob)

    assert share(client_for(people.ann), original, text="Hm").status_code == 404  # she cannot even see it
    assert share(client_for(people.cat), original, text="Hm").status_code == 201


def test_the_author_changes_the_quote_policy(people, client_for, bobs_post):
    bob = client_for(people.bob)

    response = bob.patch(f"/api/posts/{bobs_post.pk}/", {"quote_policy": "nobody"}, format="json")

    assert (response.status_code, response.json()["quote_policy"]) == (200, "nobody")
    assert response.json()["edited_at"] is None  # not an edit of the text
    assert share(client_for(people.ann), bobs_post, text="Hm").status_code == 403
    assert bob.patch(f"/api/posts/{bobs_post.pk}/", {"quote_policy": "all"}, format="json").status_code == 400


def test_a_repost_stays_a_repost_and_a_quote_a_quote(people, client_for, bobs_post):
    repost = services.post_share(sharer=people.ann, post=bobs_post)[0]
    quote = services.post_share(sharer=people.ann, post=bobs_post, text="Quote")[0]
    ann = client_for(people.ann)

    # Text on a repost would be a quote that the quote policy never checked
    assert ann.patch(f"/api/posts/{repost.pk}/", {"text": "Now a quote"}, format="json").status_code == 400
    assert ann.patch(f"/api/posts/{quote.pk}/", {"text": ""}, format="json").status_code == 400
    assert ann.patch(f"/api/posts/{quote.pk}/", {"text": "Better words"}, format="json").status_code == 200
