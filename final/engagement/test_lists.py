"""
Every list of part 08 (a post's comments, a comment's replies, who reacted to a post or
a comment) and part 07's lists now that posts carry counts and shares: cursor-paginated,
in a fixed order, and an exact number of queries per page, whatever its size.
"""
import pytest

from conftest import forged_cursor, image_upload
from engagement import services
from posts import services as posts
from posts.media import checked_medium

pytestmark = pytest.mark.django_db

TYPES = ["like", "love", "haha", "wow", "sad", "angry"]


@pytest.fixture
def crowd(people, make_user):
    """Twelve more people, each reacting to one post and one comment of Bob's."""
    return [make_user(email=f"fan{number}@example.com", username=f"fan{number}") for number in range(12)]


@pytest.fixture
def busy_thread(people, crowd):
    """
    Bob's post with twelve comments (each with a reply and reactions), a first comment
    with twelve replies, and twelve reactions to the post and to the first comment.
    """
    post = posts.post_create(author=people.bob, text="Favourite film? #movies")
    comments = [services.comment_create(author=fan, post=post, text=f"Comment {number}")
                for number, fan in enumerate(crowd)]
    for number, fan in enumerate(crowd):
        services.comment_create(author=people.cat, post=post, text=f"Reply {number}", parent=comments[0])
        services.comment_create(author=people.bob, post=post, text=f"Thanks {number}", parent=comments[number])
        services.react(user=fan, post=post, type=TYPES[number % 6])
        services.react(user=fan, comment=comments[0], type=TYPES[number % 6])
        services.react(user=fan, comment=comments[number], type="like")
    people.post, people.first_comment = post, comments[0]
    return people


@pytest.fixture
def timeline_with_shares(people, crowd):
    """
    Bob's twelve posts: his own, with a photo, a hashtag and a mention, in turn with quotes
    and reposts of Ann's posts (which have photos too), all reacted to and commented on.
    Any page of two or more shows both kinds.
    """
    def photo():
        return [checked_medium(image_upload(size=(40, 40)))]

    anns = [posts.post_create(author=people.ann, text=f"Ann's day {number} #daily @cat", media=photo())
            for number in range(4)]
    for number in range(12):
        if number % 2 == 0:
            post = posts.post_create(author=people.bob, text=f"Day {number} #daily with @ann", media=photo())
        elif number % 4 == 1:
            post = posts.post_share(sharer=people.bob, post=anns[number // 3], text=f"Look #daily @cat {number}")[0]
        else:
            post = posts.post_share(sharer=people.bob, post=anns[number // 3])[0]
        services.react(user=crowd[number], post=post, type="love")
        services.comment_create(author=crowd[number], post=post, text="Nice")
    return people


# --8<-- [start:exact-queries]
# Each list and its exact number of queries for a page, whatever the page's size.
LISTS = {
    # The post or comment in the URL, then the page: the authors' profiles and every
    # count (replies, reactions by type, the viewer's own) come in the page's own query.
    "/api/posts/{post}/comments/": 2,
    "/api/comments/{comment}/replies/": 2,
    "/api/posts/{post}/reactions/": 2,
    "/api/comments/{comment}/reactions/": 2,
}
# Part 07's lists, with pages that show shares: the counts of posts and originals add
# no query (they are in the page's query), the originals' media, hashtags and mentions
# add three. Someone's posts: the author, the page, then media, hashtags and mentions of
# the posts and of their originals. A hashtag's page: the same, without the author.
TIMELINES = {
    "/api/users/bob/posts/": 8,
    "/api/hashtags/daily/posts/": 7,
}


@pytest.mark.parametrize("url,queries", LISTS.items())
@pytest.mark.parametrize("page_size", [2, 5])
def test_every_list_runs_an_exact_number_of_queries(client_for, busy_thread, assert_queries, url, queries,
                                                    page_size):
    client = client_for(busy_thread.ann)
    url = url.format(post=busy_thread.post.pk, comment=busy_thread.first_comment.pk)

    with assert_queries(queries):
        response = client.get(url, {"page_size": page_size})

    assert response.status_code == 200, response.content
    assert len(response.json()["results"]) == page_size


@pytest.mark.parametrize("url,queries", TIMELINES.items())
@pytest.mark.parametrize("page_size", [2, 5])
def test_timelines_with_shares_run_an_exact_number_of_queries(client_for, timeline_with_shares, assert_queries, url,
                                                              queries, page_size):
    client = client_for(timeline_with_shares.cat)

    with assert_queries(queries):
        response = client.get(url, {"page_size": page_size})

    assert response.status_code == 200, response.content
    page = response.json()["results"]
    assert len(page) == page_size
    assert any(post["shared_post"] for post in page) and not all(post["shared_post"] for post in page)
    assert all(post["comments_count"] == 1 and post["reaction_counts"]["love"] == 1 for post in page)
# --8<-- [end:exact-queries]


def test_a_single_share_costs_seven_queries(client_for, timeline_with_shares, assert_queries):
    share = timeline_with_shares.bob.posts.exclude(shared_post=None).first()

    # The post with its author, its original and every count; the share's media, hashtags
    # and mentions; then the original's
    with assert_queries(7):
        assert client_for(timeline_with_shares.cat).get(f"/api/posts/{share.pk}/").status_code == 200


def test_comments_page_oldest_first_with_cursors(client_for, busy_thread):
    client = client_for(busy_thread.ann)

    first = client.get(f"/api/posts/{busy_thread.post.pk}/comments/", {"page_size": 5}).json()
    second = client.get(first["next"]).json()

    assert [row["text"] for row in first["results"]] == [f"Comment {number}" for number in range(5)]
    assert [row["text"] for row in second["results"]] == [f"Comment {number}" for number in range(5, 10)]
    assert first["results"][0]["replies_count"] == 13 and first["results"][1]["replies_count"] == 1
    assert first["results"][0]["reaction_counts"] == {kind: 2 for kind in TYPES}


def test_replies_page_oldest_first_with_cursors(client_for, busy_thread):
    client = client_for(busy_thread.ann)

    first = client.get(f"/api/comments/{busy_thread.first_comment.pk}/replies/", {"page_size": 5}).json()
    second = client.get(first["next"]).json()

    # Bob thanked each fan under their own comment: under the first one, right after Cat's first reply
    assert [row["text"] for row in first["results"]] == ["Reply 0", "Thanks 0", "Reply 1", "Reply 2", "Reply 3"]
    assert [row["text"] for row in second["results"]][0] == "Reply 4"


def test_who_reacted_pages_newest_first_with_cursors(client_for, busy_thread, crowd):
    client = client_for(busy_thread.ann)

    first = client.get(f"/api/posts/{busy_thread.post.pk}/reactions/", {"page_size": 5}).json()
    second = client.get(first["next"]).json()
    loves = client.get(f"/api/posts/{busy_thread.post.pk}/reactions/", {"type": "love", "page_size": 1}).json()

    newest_first = [fan.username for fan in reversed(crowd)]
    assert [row["user"]["username"] for row in first["results"] + second["results"]] == newest_first[:10]
    assert [row["user"]["username"] for row in loves["results"]] == ["fan7"]
    assert "type=love" in loves["next"]  # the filter stays on the next page


LIST_URLS = ["/api/posts/{post}/comments/", "/api/comments/{comment}/replies/", "/api/posts/{post}/reactions/",
             "/api/comments/{comment}/reactions/"]


@pytest.mark.parametrize("url", LIST_URLS)
@pytest.mark.parametrize("params,name", [
    ({"page_size": "abc"}, "page_size"), ({"page_size": "0"}, "page_size"),
    ({"cursor": "garbage"}, "cursor"), ({"cursor": forged_cursor(o="0", p="not-a-date")}, "cursor"),
    ({"cursor": forged_cursor(o="0", r="1", p="")}, "cursor"),
])
def test_bad_paging_parameters_are_400_naming_the_parameter(client_for, busy_thread, url, params, name):
    url = url.format(post=busy_thread.post.pk, comment=busy_thread.first_comment.pk)

    response = client_for(busy_thread.ann).get(url, params)

    assert response.status_code == 400
    assert list(response.json()) == [name]


@pytest.mark.parametrize("url", LIST_URLS)
def test_a_page_size_over_100_is_capped(client_for, busy_thread, url):
    url = url.format(post=busy_thread.post.pk, comment=busy_thread.first_comment.pk)

    response = client_for(busy_thread.ann).get(url, {"page_size": 1000})

    assert response.status_code == 200 and len(response.json()["results"]) in (12, 13)
