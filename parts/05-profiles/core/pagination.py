"""How every list in the API is cut into pages: {"next", "previous", "results"}."""
from rest_framework.pagination import PageNumberPagination


class StandardPagination(PageNumberPagination):
    page_size = 20
    page_size_query_param = "page_size"  # ?page_size=50, up to max_page_size
    max_page_size = 100
