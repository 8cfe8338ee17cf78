"""
Health checks: can this server reach the services it depends on?

Each check answers "ok" or "unavailable" and never raises, so the health endpoint can
always report which component failed instead of crashing with a 500.
"""
import logging
import uuid

from django.core.cache import cache
from django.db import DatabaseError, connection

logger = logging.getLogger(__name__)

OK = "ok"
UNAVAILABLE = "unavailable"


def check_database() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        logger.exception("Health check: the database is unreachable")
        return UNAVAILABLE
    return OK


def check_cache() -> str:
    key, value = f"health:{uuid.uuid4().hex}", "alive"
    try:
        cache.set(key, value, timeout=10)
        answered = cache.get(key)
        cache.delete(key)
    except Exception:  # each cache backend raises its own errors (redis, memcached, ...)
        logger.exception("Health check: the cache is unreachable")
        return UNAVAILABLE
    return OK if answered == value else UNAVAILABLE


def system_health() -> dict[str, str]:
    """The status of every component, plus an overall `status`."""
    components = {"database": check_database(), "cache": check_cache()}
    healthy = all(state == OK for state in components.values())
    return {"status": OK if healthy else "error", **components}
