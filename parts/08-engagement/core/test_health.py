"""The health endpoint reports each component, and says which one failed."""
from unittest import mock

import pytest
from django.db import OperationalError

pytestmark = pytest.mark.django_db


def test_health_reports_every_component(client):
    response = client.get("/api/health/")

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok"}


def test_health_is_503_and_names_the_database_when_it_is_down(client):
    # Every attempt to talk to the database fails, as when PostgreSQL is stopped.
    with mock.patch("core.health.connection.cursor", side_effect=OperationalError("down")):
        response = client.get("/api/health/")

    assert response.status_code == 503
    assert response.json() == {"status": "error", "database": "unavailable", "cache": "ok"}


def test_health_is_503_and_names_the_cache_when_it_is_down(client):
    with mock.patch("core.health.cache.set", side_effect=ConnectionError("down")):
        response = client.get("/api/health/")

    assert response.status_code == 503
    assert response.json() == {"status": "error", "database": "ok", "cache": "unavailable"}


def test_health_only_allows_get(client):
    response = client.post("/api/health/")

    assert response.status_code == 405
