"""One exception handler for the whole API: DRF's shapes, plus a machine-readable code."""
from rest_framework.views import exception_handler


def api_exception_handler(exc, context):
    """
    Errors keep DRF's shapes ({"detail": ...} or {"field": [...]}); a {"detail": ...}
    error also gets its stable `code` (e.g. "email_not_verified", "not_authenticated"),
    so clients can react without parsing English sentences.
    """
    response = exception_handler(exc, context)
    if response is not None and isinstance(response.data, dict):
        detail = response.data.get("detail")
        code = getattr(detail, "code", None)
        if code and "code" not in response.data:
            response.data["code"] = code
    return response
