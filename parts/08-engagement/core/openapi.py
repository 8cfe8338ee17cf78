"""
The error answers an operation can give, for the OpenAPI schema, in the shapes that
core/exceptions.py gives them. drf-spectacular documents the success answer by itself;
each view lists its errors with `errors(...)`, so a client reading /api/schema/ knows
every status it must handle.
"""
from drf_spectacular.plumbing import build_array_type, build_basic_type, build_object_type
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, inline_serializer
from rest_framework import serializers

# {"detail": "...", "code": "..."}: every error that is not about a field.
DetailError = inline_serializer("DetailError", {
    "detail": serializers.CharField(),
    "code": serializers.CharField(help_text="Stable and machine-readable, e.g. not_found"),
})

# {"field": ["message", ...]} naming each wrong field or query parameter, or, for a body
# that is not JSON or is nested too deeply, {"detail": "...", "code": "parse_error"}.
InvalidInput = {"oneOf": [
    build_object_type(additionalProperties=build_array_type(build_basic_type(OpenApiTypes.STR))),
    build_object_type(properties={"detail": build_basic_type(OpenApiTypes.STR),
                                  "code": build_basic_type(OpenApiTypes.STR)}, required=["detail", "code"]),
]}

STANDARD = {
    400: ("Invalid input: each wrong field or parameter is named with its messages.", InvalidInput),
    401: ("Not logged in: no valid access token (code: not_authenticated or token_not_valid).", DetailError),
    403: ("Logged in, but not allowed to do this.", DetailError),
    404: ("No such thing, or one you may not see (code: not_found).", DetailError),
    409: ("Not possible from the current state (code: invalid_transition).", DetailError),
    413: ("The body is larger than the server accepts (code: request_too_large).", DetailError),
    429: ("Too many requests: wait the Retry-After seconds (code: throttled).", DetailError),
}

RETRY_AFTER = OpenApiParameter("Retry-After", OpenApiTypes.INT, OpenApiParameter.HEADER, response=[429],
                               description="Seconds to wait before trying again.")


# --8<-- [start:errors]
def errors(*statuses: int, **why: str) -> dict[int, OpenApiResponse]:
    """
    The error answers of an operation, for extend_schema(responses={...}).
    `errors(400, 401, 404)` uses the standard descriptions; `errors(403, why_403="...")`
    says when this operation answers 403.
    """
    return {status: OpenApiResponse(response=STANDARD[status][1],
                                    description=why.get(f"why_{status}", STANDARD[status][0]))
            for status in statuses}
# --8<-- [end:errors]


def json_body_errors() -> dict[int, OpenApiResponse]:
    """What any request with a JSON body can get back besides its own answers."""
    return errors(400, 413)
