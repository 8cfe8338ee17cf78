"""
With DEBUG off, the project serves its own static files (the admin's CSS and scripts)
through WhiteNoise, from the folder `collectstatic` fills, compressed when asked.
"""
import pytest
from django.core.management import call_command
from django.test import Client


@pytest.fixture
def collected(settings, tmp_path):
    """DEBUG off, and `collectstatic` run into a fresh STATIC_ROOT, as a server has it."""
    settings.DEBUG = False
    settings.STATIC_ROOT = tmp_path / "staticfiles"
    call_command("collectstatic", "--noinput", verbosity=0)
    # A new client builds the middleware again, so WhiteNoise sees the new folder.
    return Client()


def test_the_admin_stylesheet_is_served_without_debug(collected):
    response = collected.get("/static/admin/css/base.css")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/css")
    assert b"".join(response.streaming_content).strip()


def test_static_files_are_sent_gzipped_to_browsers_that_accept_it(collected):
    response = collected.get("/static/admin/css/base.css", HTTP_ACCEPT_ENCODING="gzip")

    assert response.status_code == 200
    assert response["Content-Encoding"] == "gzip"


def test_browsers_may_cache_static_files(collected):
    response = collected.get("/static/admin/css/base.css")

    assert "max-age" in response["Cache-Control"]


def test_an_unknown_static_file_is_a_404(collected):
    response = collected.get("/static/admin/css/no-such-file.css")

    assert response.status_code == 404
