"""The lists of comments and reactions read their indexes (PostgreSQL's plans; SQLite's differ)."""
import pytest
from django.db import connection

from engagement import services
from engagement.models import Comment, CommentReaction, PostReaction
from posts import services as posts
from profiles.test_indexes import plan_of

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql",
                       reason="PostgreSQL's query plans: run with DATABASE_URL=postgres://..."),
]


@pytest.fixture
def thread(people):
    post = posts.post_create(author=people.bob, text="Hello")
    first = services.comment_create(author=people.ann, post=post, text="Hi")
    services.react(user=people.ann, post=post, type="like")
    services.react(user=people.bob, comment=first, type="like")
    return post, first


def test_a_posts_comments_and_a_comments_replies_are_read_from_the_thread_index(thread):
    post, first = thread

    comments = plan_of(Comment.objects.filter(post=post, parent=None).order_by("created_at", "pk")[:20])
    replies = plan_of(Comment.objects.filter(post=post, parent=first).order_by("created_at", "pk")[:20])

    assert "engagement_comment_thread" in comments and "engagement_comment_thread" in replies


def test_who_reacted_is_read_from_the_reactions_indexes(thread, django_user_model):
    post, first = thread
    # Enough reactions that sorting them all would cost more than reading the index in order
    fans = django_user_model.objects.bulk_create(
        django_user_model(email=f"fan{number}@example.com", username=f"fan{number}") for number in range(300))
    PostReaction.objects.bulk_create(PostReaction(post=post, user=fan, type="like") for fan in fans)
    CommentReaction.objects.bulk_create(CommentReaction(comment=first, user=fan, type="like") for fan in fans)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE engagement_postreaction, engagement_commentreaction")

    to_post = plan_of(PostReaction.objects.filter(post=post).order_by("-created_at", "-pk")[:20])
    to_comment = plan_of(CommentReaction.objects.filter(comment=first).order_by("-created_at", "-pk")[:20])

    assert "engagement_post_reactions" in to_post and "engagement_comment_reactions" in to_comment
