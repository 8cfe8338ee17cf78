"""
Many refreshes of one refresh token at the same moment: exactly one gets new tokens.
This needs a database that runs transactions side by side, so it runs on PostgreSQL
(DATABASE_URL=postgres://...) and says why it skips on SQLite.
"""
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection, connections
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db(transaction=True)

REQUESTS = 30


@pytest.fixture(autouse=True)
def needs_postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("concurrency needs PostgreSQL: run with DATABASE_URL=postgres://...")


def test_thirty_refreshes_of_one_token_at_once_give_exactly_one_new_pair(make_user, login):
    make_user()
    refresh = login()["refresh"]
    start = threading.Barrier(REQUESTS)  # every thread waits here, then all send at once

    def refresh_once(_):
        try:
            client = APIClient()
            start.wait()
            return client.post("/api/auth/token/refresh/", {"refresh": refresh}, format="json").status_code
        finally:
            connections.close_all()  # each thread has its own connection: close it

    with ThreadPoolExecutor(REQUESTS) as pool:
        answers = list(pool.map(refresh_once, range(REQUESTS)))

    assert sorted(answers) == [200] + [401] * (REQUESTS - 1)
