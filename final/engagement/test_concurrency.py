"""
Many reactions and reposts at the same moment: each person ends with one reaction per
post and one repost per post, and the counts say exactly how many people reacted. This
needs a database that runs transactions side by side, so it runs on PostgreSQL and says
why it skips on SQLite.
"""
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection, connections

from engagement import services
from engagement.models import PostReaction
from posts import services as posts
from posts.models import Post

pytestmark = pytest.mark.django_db(transaction=True)

PEOPLE = 50


@pytest.fixture(autouse=True)
def needs_postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("concurrency needs PostgreSQL: run with DATABASE_URL=postgres://...")


# --8<-- [start:race]
def all_at_once(actions):
    """
    Run every action in its own thread (and database connection), all together; their
    results, in order. Each thread connects first and waits at the barrier until all
    have: opening a connection takes long enough that, without it, the first actions
    could be over before the last ones start.
    """
    ready = threading.Barrier(len(actions))

    def run(action):
        try:
            connection.ensure_connection()
            ready.wait()
            return action()
        finally:
            connections.close_all()  # each thread has its own connection: close it

    with ThreadPoolExecutor(len(actions)) as pool:
        return list(pool.map(run, actions))


@pytest.fixture
def fifty_fans(make_user):
    return [make_user(email=f"fan{number}@example.com", username=f"fan{number}") for number in range(PEOPLE)]


def test_fifty_people_reacting_at_once_make_fifty_reactions(people, client_for, fifty_fans):
    post = posts.post_create(author=people.bob, text="React!")
    url = f"/api/posts/{post.pk}/reaction/"
    clients = [client_for(fan) for fan in fifty_fans]

    answers = all_at_once([lambda client=client: client.put(url, {"type": "like"}, format="json")
                           for client in clients])

    assert [answer.status_code for answer in answers] == [200] * PEOPLE
    assert PostReaction.objects.filter(post=post).count() == PEOPLE
    shown = client_for(people.bob).get(f"/api/posts/{post.pk}/").json()
    assert shown["reaction_counts"]["like"] == PEOPLE
# --8<-- [end:race]


def test_one_person_reacting_fifty_times_at_once_makes_one_reaction(people, client_for):
    post = posts.post_create(author=people.bob, text="React!")
    url = f"/api/posts/{post.pk}/reaction/"
    ann = client_for(people.ann)
    types = ["like", "love"] * (PEOPLE // 2)

    answers = all_at_once([lambda kind=kind: ann.put(url, {"type": kind}, format="json") for kind in types])

    assert [answer.status_code for answer in answers] == [200] * PEOPLE
    assert PostReaction.objects.filter(post=post).count() == 1
    assert PostReaction.objects.get().type in ("like", "love")


def test_one_comment_reacted_to_by_fifty_people_at_once(people, client_for, fifty_fans):
    post = posts.post_create(author=people.bob, text="Comment!")
    comment = services.comment_create(author=people.bob, post=post, text="React to this")
    url = f"/api/comments/{comment.pk}/reaction/"

    answers = all_at_once([lambda fan=fan: client_for(fan).put(url, {"type": "wow"}, format="json")
                           for fan in fifty_fans])

    assert [answer.status_code for answer in answers] == [200] * PEOPLE
    assert client_for(people.bob).get(f"/api/comments/{comment.pk}/").json()["reaction_counts"]["wow"] == PEOPLE


def test_twenty_reposts_at_once_make_one_repost(people, client_for):
    post = posts.post_create(author=people.bob, text="Share me")
    ann = client_for(people.ann)

    answers = all_at_once([lambda: ann.post(f"/api/posts/{post.pk}/share/", format="json") for _ in range(20)])

    assert sorted(answer.status_code for answer in answers) == [200] * 19 + [201]
    assert len({answer.json()["id"] for answer in answers}) == 1
    assert Post.objects.filter(shared_post=post).count() == 1
