"""
The lists of posts (someone's posts, a hashtag's page, a post's history): newest first,
cursor-paginated, and an exact number of queries per page, whatever its size.
"""
import pytest
from rest_framework.test import APIRequestFactory

from conftest import forged_cursor, image_upload, make_private
from engagement.counts import post_engagement
from posts import services
from posts.media import checked_medium
from posts.models import Post
from posts.serializers import PostSerializer
from social import services as social

pytestmark = pytest.mark.django_db


def ids(response) -> list[str]:
    return [post["id"] for post in response.json()["results"]]


@pytest.fixture
def busy_bob(people):
    """
    Bob (private, followed by Ann) with twelve posts, each with two photos, a hashtag and
    mentions, and one post edited twelve times: every list has more than a page.
    """
    make_private(people.bob)
    social.follow_create(follower=people.ann, target=people.bob)
    social.follow_request_accept(owner=people.bob, follow_id=people.ann.following_links.get().pk)
    posts = []
    for number in range(12):
        photos = [checked_medium(image_upload(size=(40, 40))) for _ in range(2)]
        posts.append(services.post_create(author=people.bob, text=f"Day {number} #Daily with @ann and @cat",
                                          visibility="followers", media=photos))
    for number in range(12):
        services.post_edit(post=posts[0], editor=people.bob, text=f"Day 0, take {number}")
    people.posts = posts
    return people


# --8<-- [start:exact-queries]
# Each list and its exact number of queries for a page, whatever the page's size:
# the author (someone's posts) or the post (history), the page itself with the authors'
# profiles, then the page's media, hashtags and mentions, one query each. The counts
# that posts carry since part 08 (reactions, comments, shares) are subqueries of the
# page's own query: no query more. Pages that show shares cost three more (the
# originals' media, hashtags and mentions): engagement/test_lists.py pins those.
LISTS = {
    "/api/users/bob/posts/": 5,
    "/api/hashtags/DAILY/posts/": 4,
    "/api/posts/{first}/history/": 2,
}


@pytest.mark.parametrize("url,queries", LISTS.items())
@pytest.mark.parametrize("page_size", [2, 5])
def test_every_list_runs_an_exact_number_of_queries(client_for, busy_bob, assert_queries, url, queries, page_size):
    client = client_for(busy_bob.ann)
    url = url.format(first=busy_bob.posts[0].pk)

    with assert_queries(queries):
        response = client.get(url, {"page_size": page_size})

    assert response.status_code == 200, response.content
    assert len(response.json()["results"]) == page_size
# --8<-- [end:exact-queries]


def test_a_single_post_costs_four_queries(client_for, busy_bob, assert_queries):
    with assert_queries(4):  # the post with its author, then its media, hashtags and mentions
        assert client_for(busy_bob.ann).get(f"/api/posts/{busy_bob.posts[0].pk}/").status_code == 200


def test_someones_posts_are_newest_first_with_cursors(client_for, busy_bob):
    client = client_for(busy_bob.ann)
    newest_first = [str(post.pk) for post in reversed(busy_bob.posts)]

    first = client.get("/api/users/bob/posts/", {"page_size": 5})
    second = client.get(first.json()["next"])

    assert ids(first) == newest_first[:5]
    assert ids(second) == newest_first[5:10]
    assert "cursor=" in first.json()["next"] and second.json()["previous"]


def test_a_hashtag_page_matches_the_tag_in_any_form(client_for, busy_bob):
    client = client_for(busy_bob.ann)

    pages = [client.get(f"/api/hashtags/{tag}/posts/", {"page_size": 100}) for tag in ("daily", "DAILY", "%23Daily")]

    tagged = [str(post.pk) for post in reversed(busy_bob.posts[1:])]  # the first lost its tag in an edit
    assert [ids(page) for page in pages] == [tagged] * 3


def test_an_unknown_tag_and_a_tag_used_only_in_hidden_posts_look_the_same(client_for, busy_bob):
    # Cat does not follow private Bob: his #daily posts are hidden from her
    cat = client_for(busy_bob.cat)

    hidden = cat.get("/api/hashtags/daily/posts/")
    unused = cat.get("/api/hashtags/nobodyusesthis/posts/")
    not_a_tag = cat.get("/api/hashtags/12345/posts/")

    assert hidden.status_code == unused.status_code == not_a_tag.status_code == 200
    assert hidden.json() == unused.json() == not_a_tag.json() == {"next": None, "previous": None, "results": []}


def test_the_history_pages_newest_first(client_for, busy_bob):
    client = client_for(busy_bob.ann)
    url = f"/api/posts/{busy_bob.posts[0].pk}/history/"

    first = client.get(url, {"page_size": 3}).json()
    second = client.get(first["next"]).json()

    assert [row["text"] for row in first["results"]] == ["Day 0, take 10", "Day 0, take 9", "Day 0, take 8"]
    assert [row["text"] for row in second["results"]][0] == "Day 0, take 7"


@pytest.mark.parametrize("url", ["/api/users/bob/posts/", "/api/hashtags/daily/posts/", "/api/posts/{first}/history/"])
@pytest.mark.parametrize("params,name", [
    ({"page_size": "abc"}, "page_size"), ({"page_size": "0"}, "page_size"),
    ({"cursor": "garbage"}, "cursor"), ({"cursor": forged_cursor(o="0", p="not-a-date")}, "cursor"),
    ({"cursor": forged_cursor(o="0", r="1", p="")}, "cursor"),
])
def test_bad_paging_parameters_are_400_naming_the_parameter(client_for, busy_bob, url, params, name):
    response = client_for(busy_bob.ann).get(url.format(first=busy_bob.posts[0].pk), params)

    assert response.status_code == 400
    assert list(response.json()) == [name]


def test_a_page_size_over_100_is_capped(client_for, busy_bob):
    response = client_for(busy_bob.ann).get("/api/users/bob/posts/", {"page_size": 1000})

    assert response.status_code == 200 and len(response.json()["results"]) == 12


# --8<-- [start:n-plus-one]
def serialize(posts, page_size: int) -> list:
    """A page of posts as the API answers it."""
    return PostSerializer(posts[:page_size], many=True, context={"request": APIRequestFactory().get("/")}).data


# Per post, plain rows send the serializer back to the database for the author, the
# author's profile, the media, the hashtag links and their tag, and the mention links
# and each person mentioned (one tag and two mentions a post here).
QUERIES_PER_POST_WITHOUT_FOR_DISPLAY = 8


@pytest.mark.parametrize("page_size", [2, 5])
def test_a_page_of_plain_rows_costs_queries_for_every_post(busy_bob, assert_queries, page_size):
    visible = Post.objects.visible_to(busy_bob.ann)
    # The counts the serializer reads are columns of the page's own query: annotated here too
    counted = visible.annotate(**post_engagement(busy_bob.ann),
                               **post_engagement(busy_bob.ann, of="shared_post", prefix="original_"))

    with assert_queries(1 + QUERIES_PER_POST_WITHOUT_FOR_DISPLAY * page_size):  # the N+1 problem
        serialize(counted, page_size)
    with assert_queries(4):  # the page with authors and profiles; media, hashtags, mentions
        serialize(visible.for_display(busy_bob.ann), page_size)
# --8<-- [end:n-plus-one]
