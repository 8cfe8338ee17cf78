"""
Lists, search and suggestions never show what the viewer's lists would not (COURSE.md):
no hidden person, no private account's ties to someone who may not see them.
"""
from __future__ import annotations

import json

import pytest

from tests.reliability.conftest import Bed

pytestmark = [pytest.mark.slow, pytest.mark.services]


def usernames_in(answer) -> str:
    assert answer.status_code == 200, answer.text
    return json.dumps(answer.json()["results"])


def test_suggestions_do_not_reveal_a_private_accounts_friends(bed: Bed):
    world = bed.worlds["leak"]  # a private owner
    owner, friend, other = world["owner"], world["friend"], world["other"]
    api = bed.fresh_api()
    # The owner has two friends; its friend is no approved follower, so its friends list is closed to them.
    api.ok("POST", f"/api/users/{owner.username}/friend-request/", person=other)
    api.ok("POST", f"/api/users/{other.username}/friend-request/", person=owner)
    assert api.request("GET", f"/api/users/{owner.username}/friends/", person=friend).status_code == 404

    suggestions = usernames_in(api.request("GET", "/api/users/suggestions/", person=friend))

    assert other.username not in suggestions


def test_search_never_shows_who_blocked_you_nor_inactive_or_unverified_people(bed: Bed):
    world = bed.worlds["shared_public"]
    api = bed.fresh_api()

    seen_by_blocked = usernames_in(api.request("GET", f"/api/users/?search={world['owner'].username}",
                                               person=world["blocked"]))
    everyone = usernames_in(api.request("GET", "/api/users/?search=shared_public&page_size=100",
                                        person=world["other"]))

    assert world["owner"].username not in seen_by_blocked
    assert world["deactivated"].username not in everyone
    assert world["unverified"].username not in everyone
    assert world["owner"].username in everyone


def test_lists_show_active_people_only(bed: Bed):
    """The deactivated person followed the owner before leaving: the list no longer shows them."""
    world = bed.worlds["shared_public"]
    api = bed.fresh_api()
    followers = usernames_in(api.request("GET", f"/api/users/{world['owner'].username}/followers/",
                                         person=world["other"]))

    assert world["follower"].username in followers
    assert world["deactivated"].username not in followers


def listed_ids(api, path: str, person) -> tuple[int, set[str]]:
    """The status of a list's first page and the ids on all its pages (every world's posts carry #reliable)."""
    ids, url, status = set(), path, None
    while url:
        answer = api.request("GET", url[url.index("/api/"):], person=person)  # `next` is absolute
        status = status or answer.status_code
        if answer.status_code != 200:
            return answer.status_code, ids
        ids |= {str(post["id"]) for post in answer.json()["results"]}
        url = answer.json()["next"]
    return status, ids


@pytest.mark.parametrize("world_name", ["shared_public", "shared_private"])
def test_post_lists_show_exactly_the_posts_their_pages_show(bed: Bed, world_name: str):
    """
    For every signed-in actor, the owner's posts and the #reliable page list exactly the
    world's posts whose own page answers 200 to them: no hidden post slips into a list, and
    the deactivated person's post is listed nowhere.
    """
    world = bed.worlds[world_name]
    api = bed.fresh_api()
    posts = {world.ids[f"post_{name}"] for name in ("public", "followers", "friends", "only_me", "deactivated")}
    problems = []
    for actor in ("owner", "other", "follower", "friend", "blocked", "blocker", "outsider"):
        person = world[actor]
        visible = {post for post in posts
                   if api.request("GET", f"/api/posts/{post}/", person=person).status_code == 200}
        if actor == "owner":
            assert len(visible) == 4, f"the owner sees {len(visible)} of their 4 posts"
        for path in (f"/api/users/{world['owner'].username}/posts/?page_size=100",
                     "/api/hashtags/reliable/posts/?page_size=100"):
            status, every_id = listed_ids(api, path, person)
            if status == 404 and not visible:
                continue  # the owner's profile is hidden from them: so are all its posts
            assert status == 200, f"{actor}: GET {path} answered {status}"
            listed = every_id & posts
            if listed != visible:
                problems.append(f"{actor}: {path} lists {sorted(listed)}, their pages show {sorted(visible)}")
    assert not problems, "\n".join(problems)


def reactors_in(api, path: str, person) -> tuple[int, set[str]]:
    """The status of a list of who reacted and the usernames on all its pages."""
    answer = api.request("GET", path, person=person)
    if answer.status_code != 200:
        return answer.status_code, set()
    assert answer.json()["next"] is None, f"{path}: more than one page"
    return 200, {row["user"]["username"] for row in answer.json()["results"]}


def test_comment_and_reaction_lists_show_exactly_what_their_pages_show(bed: Bed):
    """
    For every signed-in actor, the comments of the owner's public post and the replies to
    the owner's comment are exactly those whose own page answers 200 to them, and the
    lists of who reacted hold exactly the people whose profile they may see and have not
    blocked. Two commenters block each other after writing (a block hides comments both
    ways); the deactivated person commented and reacted before leaving (hidden from all).
    """
    world = bed.worlds["chatter"]  # a public owner
    api, ids, other, friend = bed.fresh_api(), world.ids, world["other"], world["friend"]
    post, comment = ids["post_public"], ids["comment_public"]

    def write(person, text: str, parent: str | None = None) -> str:
        return str(api.ok("POST", f"/api/posts/{post}/comments/", person=person,
                          json={"text": text, "parent": parent})["id"])

    top_level = {comment, ids["comment_by_follower"], ids["comment_deactivated"],
                 write(friend, "The friend's comment"), write(other, "The other's comment")}
    replies = {ids["reply_public"], write(other, "The other's reply", parent=comment)}
    for person, kind in ((other, "wow"), (friend, "sad")):
        api.ok("PUT", f"/api/posts/{post}/reaction/", person=person, json={"type": kind})
    api.ok("PUT", f"/api/comments/{comment}/reaction/", person=other, json={"type": "angry"})
    api.ok("POST", f"/api/users/{friend.username}/block/", person=other)
    reacted = {f"/api/posts/{post}/reactions/?page_size=100":
               {world[name].username for name in ("follower", "deactivated", "other", "friend")},
               f"/api/comments/{comment}/reactions/?page_size=100":
               {world[name].username for name in ("friend", "deactivated", "other")}}
    blocked_by = {"owner": {world["blocked"].username}, "other": {friend.username},
                  "blocker": {world["owner"].username}}

    problems = []
    for actor in ("owner", "other", "follower", "friend", "blocked", "blocker", "outsider"):
        person = world[actor]
        shown = {one for one in top_level | replies
                 if api.request("GET", f"/api/comments/{one}/", person=person).status_code == 200}
        for path, candidates in ((f"/api/posts/{post}/comments/?page_size=100", top_level),
                                 (f"/api/comments/{comment}/replies/?page_size=100", replies)):
            status, listed = listed_ids(api, path, person)
            if status == 404 and not shown & candidates:
                continue  # the post (or the comment) is hidden from them: so is every comment under it
            assert status == 200, f"{actor}: GET {path} answered {status}"
            if listed & candidates != shown & candidates:
                problems.append(f"{actor}: {path} lists {sorted(listed & candidates)}, "
                                f"their pages show {sorted(shown & candidates)}")
        for path, people in reacted.items():
            status, listed = reactors_in(api, path, person)
            visible = {name for name in people if name not in blocked_by.get(actor, set())
                       and api.request("GET", f"/api/users/{name}/", person=person).status_code == 200}
            if status == 404 and not shown:
                continue  # the post is hidden from them
            assert status == 200, f"{actor}: GET {path} answered {status}"
            if listed != visible:
                problems.append(f"{actor}: {path} lists {sorted(listed)}, they may see {sorted(visible)}")
    assert not problems, "\n".join(problems)
