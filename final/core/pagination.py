"""How every list in the API is cut into pages: {"next", "previous", "results"}."""
from rest_framework.pagination import CursorPagination, PageNumberPagination


class StandardPagination(PageNumberPagination):
    page_size = 20
    page_size_query_param = "page_size"  # ?page_size=50, up to max_page_size
    max_page_size = 100


class TimelinePagination(CursorPagination):
    """Newest first, with opaque cursors: pages stay right while new rows arrive."""

    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 100
    ordering = ("-created_at", "-pk")
