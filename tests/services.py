"""
Real services the repository's tests use: PostgreSQL and Redis on this machine.

A test that needs one calls `require(...)`. When the service is absent the test is
skipped with a visible reason on a learner's laptop, and fails under CI=true, so that
CI can never pass because a service quietly was not there.
"""
from __future__ import annotations

import os
import socket

import pytest

POSTGRES_URL = os.environ.get("COURSE_TEST_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/postgres")
REDIS_URL = os.environ.get("COURSE_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")

_ADDRESSES = {"postgres": ("127.0.0.1", 5432), "redis": ("127.0.0.1", 6379)}


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def reachable(host: str, port: int, timeout: float = 1.0) -> bool:
    try:
        with socket.create_connection((host, port), timeout=timeout):
            return True
    except OSError:
        return False


def require(*names: str) -> None:
    for name in names:
        host, port = _ADDRESSES[name]
        if reachable(host, port):
            continue
        reason = f"{name} is not reachable on {host}:{port}"
        if in_ci():
            pytest.fail(f"{reason}, and CI=true requires it")
        pytest.skip(f"{reason} (start it to run this test; CI=true makes this a failure)")
