"""The health endpoint: the first thing any client (or the checker) asks for."""


def test_health_answers_ok(client):
    response = client.get("/api/health/")

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_health_only_allows_get(client):
    response = client.post("/api/health/")

    assert response.status_code == 405
