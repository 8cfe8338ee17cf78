"""With DEBUG off, error pages are short JSON and reveal nothing about the project."""
import pytest


@pytest.mark.django_db
def test_unknown_url_is_a_json_404_without_url_patterns(client, settings):
    settings.DEBUG = False

    response = client.get("/api/no-such-endpoint/")

    assert response.status_code == 404
    assert response.json() == {"detail": "Not found.", "code": "not_found"}
    assert b"api/health" not in response.content
    assert b"URLconf" not in response.content
