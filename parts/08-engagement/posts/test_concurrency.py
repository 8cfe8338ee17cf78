"""
Edits at the same moment: each one records the text it really replaced, so the history
stays a chain with no text lost and none recorded twice. This needs a database that runs
transactions side by side, so it runs on PostgreSQL and says why it skips on SQLite.
"""
import pytest
from django.db import connection

from posts import services
from posts.models import Post, PostEdit
from social.test_concurrency import THREADS, at_once_indexed

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def needs_postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("concurrency needs PostgreSQL: run with DATABASE_URL=postgres://...")


def test_edits_at_once_each_keep_the_text_they_replaced(people):
    post = services.post_create(author=people.ann, text="version 0")

    outcomes = at_once_indexed(lambda index: services.post_edit(post=post, editor=people.ann, text=f"edit {index}"))

    assert all(isinstance(outcome, Post) for outcome in outcomes), outcomes

    # Every text the post ever had appears once: in the history, or as the text now
    history = list(PostEdit.objects.filter(post=post).values_list("text", flat=True))
    now = Post.objects.get(pk=post.pk).text
    assert len(history) == THREADS
    assert sorted([*history, now]) == sorted(["version 0", *(f"edit {index}" for index in range(THREADS))])
