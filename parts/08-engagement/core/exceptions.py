"""One exception handler for the whole API: DRF's shapes, plus a machine-readable code."""
from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFilesSent
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.views import exception_handler


class RequestTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = "The request body is too large."
    default_code = "request_too_large"


def api_exception_handler(exc, context):
    """
    Errors keep DRF's shapes ({"detail": ...} or {"field": [...]}); a {"detail": ...}
    error also gets its stable `code` (e.g. "email_not_verified", "not_authenticated"),
    so clients can react without parsing English sentences.
    """
    if isinstance(exc, Http404):
        # Django's message names the model ("No Profile matches..."): say no more than DRF.
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoValidationError):
        # A model's full_clean() in a service: the same 400 a serializer would give.
        exc = exceptions.ValidationError(exc.message_dict if hasattr(exc, "error_dict") else exc.messages)
    elif isinstance(exc, RequestDataTooBig):
        # A body over DATA_UPLOAD_MAX_MEMORY_SIZE (2.5 MB by default), refused before it is read.
        exc = RequestTooLarge()
    # --8<-- [start:too-many-files]
    elif isinstance(exc, TooManyFilesSent):
        # More files than DATA_UPLOAD_MAX_NUMBER_FILES: Django stops reading the form there.
        exc = exceptions.ParseError(f"Too many files: at most {settings.DATA_UPLOAD_MAX_NUMBER_FILES} in one request.",
                                    code="too_many_files")
    # --8<-- [end:too-many-files]
    response = exception_handler(exc, context)
    if response is not None and isinstance(response.data, dict):
        detail = response.data.get("detail")
        code = getattr(detail, "code", None)
        if code and "code" not in response.data:
            response.data["code"] = code
    return response
