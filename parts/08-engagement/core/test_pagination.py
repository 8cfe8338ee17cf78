"""Numbered pages: what the schema says a page number is (a whole number from 1) is all that is accepted."""
import pytest
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.test import APIRequestFactory

from core.pagination import StandardPagination


def page_of(numbers: list[int], query: str) -> list[int]:
    request = Request(APIRequestFactory().get(f"/anything/?{query}"))
    return StandardPagination().paginate_queryset(numbers, request)


def test_a_page_number_picks_its_page():
    assert page_of(list(range(30)), "page=2&page_size=10") == list(range(10, 20))


@pytest.mark.parametrize("query", ["page=", "page=0", "page=-3", "page=last", "page=abc", "page=5"])
def test_a_page_number_that_is_no_page_is_a_400_naming_page(query):
    with pytest.raises(ValidationError) as refused:
        page_of(list(range(30)), f"{query}&page_size=10")

    assert "page" in refused.value.detail
