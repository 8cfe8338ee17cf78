"""The admin: posts can be found by text or author, with their media and history alongside."""
import pytest
from django.contrib.auth import get_user_model

from conftest import image_upload
from posts import services
from posts.media import checked_medium

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    admin = get_user_model().objects.create_superuser(email="admin@example.com", username="admin",
                                                      password="Adm1n-pass!")
    client.force_login(admin)
    return client


def test_search_posts_by_text_or_author(admin_client, people):
    services.post_create(author=people.ann, text="Sunset at the beach")
    services.post_create(author=people.bob, text="Morning coffee")

    by_text = admin_client.get("/admin/posts/post/", {"q": "sunset"})
    by_author = admin_client.get("/admin/posts/post/", {"q": "bob"})

    assert by_text.context["cl"].result_count == 1 and by_author.context["cl"].result_count == 1
    assert by_text.context["cl"].result_list[0].author == people.ann


def test_a_posts_page_shows_its_media_and_history(admin_client, people):
    post = services.post_create(author=people.ann, text="first", media=[checked_medium(image_upload())])
    services.post_edit(post=post, editor=people.ann, text="second")

    response = admin_client.get(f"/admin/posts/post/{post.pk}/change/")

    assert response.status_code == 200
    assert post.media.get().file.name.encode() in response.content
    assert b"first" in response.content  # the text before the edit, in the history


def test_hashtags_can_be_searched(admin_client, people):
    services.post_create(author=people.ann, text="#Café #tea")

    response = admin_client.get("/admin/posts/hashtag/", {"q": "caf"})

    assert [tag.name for tag in response.context["cl"].result_list] == ["café"]
