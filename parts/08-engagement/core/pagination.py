"""
How every list in the API is cut into pages: {"next", "previous", "results"}.

Bad paging parameters (`page_size=abc`, `page=zero`, a garbage or forged cursor) are a
400 in DRF's error shape, naming the parameter: never a 404, never a silent default.
"""
import base64
import binascii

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import DataError
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import CursorPagination, PageNumberPagination


# --8<-- [start:strict-page-size]
class StrictPageSize:
    """`?page_size=` must be a whole number of at least 1; more than the maximum is capped."""

    page_size = 20
    page_size_query_param = "page_size"  # ?page_size=50, up to max_page_size
    max_page_size = 100

    def get_page_size(self, request) -> int:
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None:
            return self.page_size
        if not raw.isascii() or not raw.isdigit() or int(raw) < 1:
            raise ValidationError({self.page_size_query_param: [
                f"A whole number from 1 to {self.max_page_size}."]}, code="invalid_page_size")
        return min(int(raw), self.max_page_size)

    def get_schema_operation_parameters(self, view) -> list[dict]:
        """The schema says what get_page_size() refuses: less than 1 (more is capped, not refused)."""
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"]["minimum"] = 1
        return parameters
# --8<-- [end:strict-page-size]


class StandardPagination(StrictPageSize, PageNumberPagination):
    """Numbered pages (?page=2): a page number that is not a whole number from 1, or past the end, is a 400."""

    last_page_strings = ()  # no ?page=last: the schema says a page is a number

    def get_page_number(self, request, paginator) -> int:
        raw = request.query_params.get(self.page_query_param)
        if raw is None:
            return 1
        if not raw.isascii() or not raw.isdigit() or int(raw) < 1:
            raise ValidationError({self.page_query_param: ["A whole number from 1."]}, code="invalid_page")
        return int(raw)

    def get_schema_operation_parameters(self, view) -> list[dict]:
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_query_param:
                parameter["schema"]["minimum"] = 1
        return parameters

    def paginate_queryset(self, queryset, request, view=None):
        try:
            return super().paginate_queryset(queryset, request, view)
        except NotFound as problem:
            raise ValidationError({self.page_query_param: [str(problem.detail)]}, code="invalid_page") from None


def _is_strict_base64(text: str) -> bool:
    try:
        return bool(base64.b64decode(text.encode("ascii"), validate=True))
    except (UnicodeEncodeError, binascii.Error):
        return False


# --8<-- [start:strict-cursor]
class StrictCursorPagination(StrictPageSize, CursorPagination):
    """
    Opaque cursors (?cursor=...): a page costs the same wherever it is in the list, since
    the database seeks to the cursor's position instead of counting past every earlier row.
    A cursor the API did not hand out is a 400.
    """

    invalid_cursor_message = "This cursor is not valid: follow the next or previous links as they are."

    def get_schema_operation_parameters(self, view) -> list[dict]:
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.cursor_query_param:
                parameter["schema"]["minLength"] = 1  # an empty cursor is no cursor we handed out
        return parameters

    def _invalid_cursor(self) -> ValidationError:
        return ValidationError({self.cursor_query_param: [self.invalid_cursor_message]}, code="invalid_cursor")

    def decode_cursor(self, request):
        encoded = request.query_params.get(self.cursor_query_param)
        if encoded is not None and not _is_strict_base64(encoded):
            raise self._invalid_cursor()  # DRF's decoder would skip the stray characters
        try:
            cursor = super().decode_cursor(request)
        except NotFound:  # not our format: DRF says 404, the contract says 400
            raise self._invalid_cursor() from None
        if cursor and cursor.position and "\x00" in cursor.position:
            raise self._invalid_cursor()  # PostgreSQL cannot compare text with a NUL byte
        return cursor

    def paginate_queryset(self, queryset, request, view=None):
        try:
            return super().paginate_queryset(queryset, request, view)
        except (DjangoValidationError, DataError, ValueError, TypeError):
            # A well-formed cursor with a forged position ("abc" for a date, a NUL byte
            # that PostgreSQL refuses): the query could not be built or run.
            if request.query_params.get(self.cursor_query_param) is None:
                raise
            raise self._invalid_cursor() from None
# --8<-- [end:strict-cursor]


# --8<-- [start:timeline]
class TimelinePagination(StrictCursorPagination):
    """Newest first, with opaque cursors: pages stay right while new rows arrive."""

    ordering = ("-created_at", "-pk")
# --8<-- [end:timeline]
