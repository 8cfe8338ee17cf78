"""
Who sees a post: every visibility against every relationship a viewer can have with the
author, on a public and on a private account. Wherever a post can appear (its page, the
author's posts, a hashtag's page, its history), the answer is the same, and a post the
viewer may not see is a 404, exactly like one that does not exist.
"""
import pytest

from conftest import make_private
from posts import services
from social import services as social

pytestmark = pytest.mark.django_db

VIEWERS = ("author", "stranger", "follower", "requested", "friend", "blocked", "blocker")

# --8<-- [start:matrix]
# Who sees a post of each visibility, when the author's account is public...
SEES_ON_A_PUBLIC_ACCOUNT = {
    "public": {"author", "stranger", "follower", "requested", "friend"},
    "followers": {"author", "follower", "friend"},
    "friends": {"author", "friend"},
    "only_me": {"author"},
}
# ...and when it is private: its public posts are for approved followers and friends.
SEES_ON_A_PRIVATE_ACCOUNT = {**SEES_ON_A_PUBLIC_ACCOUNT, "public": {"author", "follower", "friend"}}
# --8<-- [end:matrix]


@pytest.fixture
def cast(make_user):
    """Ann, the author, and one person for each relationship a viewer can have with her."""
    people = {"author": make_user(email="ann@example.com", username="ann")}
    for role in VIEWERS[1:]:
        people[role] = make_user(email=f"{role}@example.com", username=role)
    social.follow_create(follower=people["follower"], target=people["author"])
    make_private(people["author"])
    social.follow_create(follower=people["requested"], target=people["author"])  # waits for approval
    people["author"].profile.is_private = False
    people["author"].profile.save()
    social.friend_request_send(sender=people["friend"], target=people["author"])
    social.friend_request_send(sender=people["author"], target=people["friend"])
    social.user_block(blocker=people["author"], blocked=people["blocked"])
    social.user_block(blocker=people["blocker"], blocked=people["author"])
    return people


def what_each_viewer_sees(cast, client_for, post) -> dict[str, set[str]]:
    """For each place a post appears, the viewers it appears to."""
    seen = {"detail": set(), "history": set(), "author's posts": set(), "hashtag page": set()}
    for role in VIEWERS:
        client = client_for(cast[role])
        if client.get(f"/api/posts/{post.pk}/").status_code == 200:
            seen["detail"].add(role)
        if client.get(f"/api/posts/{post.pk}/history/").status_code == 200:
            seen["history"].add(role)
        listed = client.get("/api/users/ann/posts/")
        if listed.status_code == 200 and [p["id"] for p in listed.json()["results"]] == [str(post.pk)]:
            seen["author's posts"].add(role)
        if [p["id"] for p in client.get("/api/hashtags/matrix/posts/").json()["results"]] == [str(post.pk)]:
            seen["hashtag page"].add(role)
    return seen


# --8<-- [start:matrix-test]
@pytest.mark.parametrize("private", [False, True], ids=["public-account", "private-account"])
@pytest.mark.parametrize("visibility", ["public", "followers", "friends", "only_me"])
def test_who_sees_a_post_everywhere_it_appears(cast, client_for, private, visibility):
    if private:
        make_private(cast["author"])
    post = services.post_create(author=cast["author"], text="A post #matrix", visibility=visibility)

    seen = what_each_viewer_sees(cast, client_for, post)

    expected = (SEES_ON_A_PRIVATE_ACCOUNT if private else SEES_ON_A_PUBLIC_ACCOUNT)[visibility]
    assert seen == dict.fromkeys(seen, expected)
# --8<-- [end:matrix-test]


def test_a_hidden_post_looks_exactly_like_one_that_does_not_exist(cast, client_for):
    post = services.post_create(author=cast["author"], text="Only me", visibility="only_me")
    stranger = client_for(cast["stranger"])

    hidden = stranger.get(f"/api/posts/{post.pk}/")
    missing = stranger.get(f"/api/posts/{post.pk + 1000}/")

    assert (hidden.status_code, hidden.json()) == (missing.status_code, missing.json()) == (
        404, {"detail": "Not found.", "code": "not_found"})


def test_blocks_hide_posts_both_ways_and_the_blocked_person_gets_404_on_the_list(cast, client_for):
    services.post_create(author=cast["author"], text="Hello")
    # Ann blocked them: to them, Ann does not exist, as on her profile
    assert client_for(cast["blocked"]).get("/api/users/ann/posts/").status_code == 404
    # They blocked Ann: her page is there (they may want to unblock), her posts are not
    blocker_view = client_for(cast["blocker"]).get("/api/users/ann/posts/")
    assert (blocker_view.status_code, blocker_view.json()["results"]) == (200, [])


@pytest.mark.parametrize("change", ["deactivated", "unverified"])
def test_an_inactive_or_unverified_authors_posts_are_hidden_from_everyone_else(cast, client_for, change):
    post = services.post_create(author=cast["author"], text="Hello #matrix")
    if change == "deactivated":
        cast["author"].is_active = False
    else:
        cast["author"].email_verified_at = None
    cast["author"].save()

    seen = what_each_viewer_sees(cast, client_for, post)

    assert seen["detail"] == seen["hashtag page"] == set()


def test_a_follow_accepted_later_opens_a_private_accounts_posts(cast, client_for):
    make_private(cast["author"])
    post = services.post_create(author=cast["author"], text="For my followers", visibility="followers")
    waiting = cast["author"].follower_links.get(follower=cast["requested"])
    assert client_for(cast["requested"]).get(f"/api/posts/{post.pk}/").status_code == 404

    social.follow_request_accept(owner=cast["author"], follow_id=waiting.pk)

    assert client_for(cast["requested"]).get(f"/api/posts/{post.pk}/").status_code == 200


def test_mentions_of_people_hidden_from_the_viewer_are_left_out(cast, client_for):
    post = services.post_create(author=cast["author"], text="Thanks @friend and @stranger")
    social.user_block(blocker=cast["friend"], blocked=cast["stranger"])

    # The friend blocked the stranger: to the stranger, the friend is not there
    assert client_for(cast["stranger"]).get(f"/api/posts/{post.pk}/").json()["mentions"] == ["stranger"]
    assert client_for(cast["follower"]).get(f"/api/posts/{post.pk}/").json()["mentions"] == ["friend", "stranger"]
