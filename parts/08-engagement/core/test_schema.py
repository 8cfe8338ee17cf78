"""The OpenAPI schema, Swagger UI and ReDoc, from this part on."""
import re
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.contrib.auth.password_validation import MinimumLengthValidator, get_default_password_validators
from django.core.management import call_command
from django.test import Client

from accounts.serializers import NEW_PASSWORD_MIN_LENGTH

pytestmark = pytest.mark.django_db


def test_the_schema_validates_without_warnings(tmp_path):
    # --fail-on-warn turns every drf-spectacular warning into a failure.
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yml"))


def test_the_schema_describes_the_auth_api_and_jwt(client):
    response = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")

    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    assert "/api/auth/login/" in schema["paths"]
    assert schema["components"]["securitySchemes"]["jwtAuth"]["scheme"] == "bearer"


def test_swagger_ui_is_served(client):
    response = client.get("/api/docs/")

    assert response.status_code == 200
    assert b"swagger" in response.content.lower()


def test_redoc_is_served(client):
    response = client.get("/api/redoc/")

    assert response.status_code == 200
    assert b"redoc" in response.content.lower()


def asset_urls(page: bytes) -> list[str]:
    """Every script, stylesheet and icon a page loads."""
    return re.findall(r"""(?:src|href)=["']([^"']+)["']""", page.decode())


@pytest.mark.parametrize("path", ["/api/docs/", "/api/redoc/"])
def test_the_documentation_pages_load_nothing_from_other_sites(client, path):
    assets = asset_urls(client.get(path).content)

    assert assets, "the page loads no scripts at all?"
    assert [url for url in assets if url.startswith(("http:", "https:", "//"))] == []


@pytest.mark.parametrize("path", ["/api/docs/", "/api/redoc/"])
def test_the_documentation_assets_are_served_without_debug(settings, tmp_path, path):
    # As on a server: DEBUG off, collectstatic run, WhiteNoise serving the files.
    settings.DEBUG = False
    settings.STATIC_ROOT = tmp_path / "staticfiles"
    call_command("collectstatic", "--noinput", verbosity=0)
    client = Client()

    static_assets = [url for url in asset_urls(client.get(path).content) if url.startswith("/static/")]

    assert static_assets
    for url in static_assets:
        assert client.get(url).status_code == 200, url


def test_every_auth_operation_has_a_summary_and_documents_its_answers(client):
    """Each error status a client can really get is in the schema, with DRF's error shape."""
    paths = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()["paths"]
    expected = {
        ("/api/auth/register/", "post"): {"201", "400", "413", "429"},
        ("/api/auth/verify-email/", "post"): {"200", "400", "413"},
        ("/api/auth/resend-verification/", "post"): {"200", "400", "413", "429"},
        ("/api/auth/login/", "post"): {"200", "400", "401", "403", "413", "429"},
        ("/api/auth/token/refresh/", "post"): {"200", "400", "401", "413"},
        ("/api/auth/logout/", "post"): {"205", "400", "413"},
        ("/api/auth/me/", "get"): {"200", "401"},
        ("/api/auth/password/change/", "post"): {"200", "400", "401", "413"},
        ("/api/auth/password/reset/", "post"): {"200", "400", "413", "429"},
        ("/api/auth/password/reset/confirm/", "post"): {"200", "400", "413"},
    }

    for (path, method), statuses in expected.items():
        operation = paths[path][method]
        assert operation.get("summary"), f"{method} {path} has no summary"
        assert set(operation["responses"]) == statuses, f"{method} {path}"
    throttled = paths["/api/auth/login/"]["post"]["responses"]["429"]
    assert "Retry-After" in throttled["headers"]


@pytest.mark.django_db(transaction=True)
def test_the_schema_survives_concurrent_requests():
    """drf-spectacular's generator is not thread-safe: a threaded server must build one at a time."""
    def fetch(_):
        return Client().get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").status_code

    with ThreadPoolExecutor(max_workers=12) as pool:
        statuses = list(pool.map(fetch, range(24)))

    assert statuses == [200] * 24


@pytest.mark.parametrize("component, field", [("RegisterRequest", "password"),
                                              ("PasswordChangeRequest", "new_password"),
                                              ("PasswordResetConfirmRequest", "new_password")])
def test_the_schema_states_the_rules_of_a_new_password(client, component, field):
    """A client (or a fuzzer) that follows the schema sends no password the length or digit rules refuse."""
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    rules = schema["components"]["schemas"][component]["properties"][field]

    assert rules["minLength"] == NEW_PASSWORD_MIN_LENGTH
    assert rules["pattern"] == r"\D"  # at least one character that is not a digit


def test_the_stated_minimum_length_is_the_one_django_checks():
    [length_rule] = [rule for rule in get_default_password_validators() if isinstance(rule, MinimumLengthValidator)]
    assert length_rule.min_length == NEW_PASSWORD_MIN_LENGTH


@pytest.mark.parametrize("format_", ["pdf", ""])
def test_an_unknown_or_empty_schema_format_is_a_json_400(client, format_):
    response = client.get(f"/api/schema/?format={format_}")

    assert response.status_code == 400
    assert response.json() == {"format": ["json or yaml."]}
