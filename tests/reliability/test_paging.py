"""
Bad paging parameters are a 400 in DRF's error shape (COURSE.md), never a 404, a bare
list or a silent default; a huge page size is cut to the maximum.
"""
from __future__ import annotations

import base64

import pytest

from tests.reliability.conftest import Bed

pytestmark = [pytest.mark.slow, pytest.mark.services]

ITEM_9 = "issue 9 item 9: bad paging parameters are a 400 (fixed on branch issue9-graph)"
# A cursor that decodes, but to nonsense: an offset no one would hand out, and a NUL byte.
CRAFTED = base64.b64encode(b"o=-5&r=1&p=%00").decode()


def get(bed: Bed, path: str):
    return bed.fresh_api().request("GET", path, person=bed.worlds["shared_public"]["other"])


def followers(bed: Bed, query: str) -> str:
    return f"/api/users/{bed.worlds['shared_public']['owner'].username}/followers/?{query}"


@pytest.mark.parametrize("query", ["page_size=abc", "page_size=-1", "page_size=0"])
def test_a_page_size_that_is_no_positive_number_is_a_400(bed: Bed, query: str):
    answer = get(bed, f"/api/users/?{query}")

    assert answer.status_code == 400, answer.text
    assert isinstance(answer.json(), dict)


@pytest.mark.parametrize("cursor", ["garbage", CRAFTED])
def test_a_garbage_or_crafted_cursor_is_a_400_in_drfs_shape(bed: Bed, cursor: str):
    answer = get(bed, followers(bed, f"cursor={cursor}"))

    assert answer.status_code == 400, answer.text
    assert isinstance(answer.json(), dict)


@pytest.mark.parametrize("path", ["/api/users/?page_size=100000000000000000000",
                                  "/api/blocks/?page_size=100000000000000000000"])
def test_a_huge_page_size_is_cut_to_the_maximum(bed: Bed, path: str):
    answer = get(bed, path)

    assert answer.status_code == 200, answer.text
    assert len(answer.json()["results"]) <= 100
