"""Every operation outside auth documents its error answers, each with a summary."""
import re

import pytest

pytestmark = pytest.mark.django_db

NOT_OURS = ("/api/auth/", "/api/health/", "/api/schema/", "/api/docs/", "/api/redoc/")
# A {tag} names no thing that may be missing: an unknown tag is an empty list, since a 404
# would tell a tag used only in hidden posts apart from one nobody used.
NEVER_404 = {"/api/hashtags/{tag}/posts/"}


def operations(client):
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    for path, methods in schema["paths"].items():
        if not path.startswith(NOT_OURS):
            for method, operation in methods.items():
                yield f"{method.upper()} {path}", path, operation


def test_every_operation_has_a_summary_and_its_error_answers(client):
    missing = {}
    for name, path, operation in operations(client):
        wanted = {"401"}  # every one of them needs a login
        if re.search(r"\{\w+\}", path) and path not in NEVER_404:
            wanted.add("404")  # a path naming something that may not exist (or not for you)
        if any(parameter["in"] == "query" for parameter in operation.get("parameters", [])) \
                or operation.get("requestBody"):
            wanted.add("400")  # a query parameter or a body that can be wrong
        lacking = sorted(wanted - set(operation["responses"])) + ([] if operation.get("summary") else ["summary"])
        if lacking:
            missing[name] = lacking
    assert missing == {}


def test_an_error_answer_has_drfs_shape(client):
    name, _, operation = next(item for item in operations(client) if item[0] == "GET /api/users/{username}/")

    not_found = operation["responses"]["404"]["content"]["application/json"]["schema"]
    assert not_found["$ref"].endswith("/DetailError")


def test_the_website_is_a_uri_or_null_never_an_empty_string(client):
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()

    website = schema["components"]["schemas"]["Profile"]["properties"]["website"]
    assert website["format"] == "uri" and website["nullable"] is True
