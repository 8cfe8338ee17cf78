"""The admin: comments found by text or author and filtered by kind; reactions listed by type."""
import pytest
from django.contrib.auth import get_user_model

from engagement import services
from posts import services as posts

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    admin = get_user_model().objects.create_superuser(email="admin@example.com", username="admin",
                                                      password="Adm1n-pass!")
    client.force_login(admin)
    return client


@pytest.fixture
def conversation(people):
    post = posts.post_create(author=people.bob, text="Tea or coffee?")
    tea = services.comment_create(author=people.ann, post=post, text="Tea, always")
    services.comment_create(author=people.cat, post=post, text="Coffee", parent=tea)
    services.react(user=people.ann, post=post, type="love")
    services.react(user=people.cat, comment=tea, type="haha")
    return post


def test_search_comments_by_text_or_author(admin_client, conversation):
    by_text = admin_client.get("/admin/engagement/comment/", {"q": "always"})
    by_author = admin_client.get("/admin/engagement/comment/", {"q": "cat"})

    assert [comment.text for comment in by_text.context["cl"].result_list] == ["Tea, always"]
    assert [comment.text for comment in by_author.context["cl"].result_list] == ["Coffee"]


def test_filter_top_level_comments_or_replies(admin_client, conversation):
    top_level = admin_client.get("/admin/engagement/comment/", {"parent__isempty": "1"})
    replies = admin_client.get("/admin/engagement/comment/", {"parent__isempty": "0"})

    assert [comment.text for comment in top_level.context["cl"].result_list] == ["Tea, always"]
    assert [comment.text for comment in replies.context["cl"].result_list] == ["Coffee"]


@pytest.mark.parametrize("url,type", [("/admin/engagement/postreaction/", "love"),
                                      ("/admin/engagement/commentreaction/", "haha")])
def test_reactions_are_listed_and_filtered_by_type(admin_client, conversation, url, type):
    everything = admin_client.get(url)
    filtered = admin_client.get(url, {"type": type})
    other = admin_client.get(url, {"type": "sad"})

    assert everything.status_code == 200
    assert [reaction.type for reaction in filtered.context["cl"].result_list] == [type]
    assert other.context["cl"].result_count == 0


def test_a_comments_page_opens(admin_client, conversation):
    comment = conversation.comments.get(parent=None)

    response = admin_client.get(f"/admin/engagement/comment/{comment.pk}/change/")

    assert response.status_code == 200 and b"Tea, always" in response.content
