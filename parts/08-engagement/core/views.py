import contextlib
import threading

from django.http import Http404, JsonResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SpectacularAPIView
from rest_framework import status
from rest_framework.decorators import api_view, permission_classes
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import AllowAny
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from core.health import OK, system_health
from core.openapi import errors


@extend_schema(summary="Is the service up? (checks the database and the cache)", tags=["health"],
               responses={200: OpenApiTypes.OBJECT, 503: OpenApiTypes.OBJECT})
@api_view(["GET"])
@permission_classes([AllowAny])
def health(request):
    """200 when every component answers, 503 naming the one that does not."""
    report = system_health()
    code = status.HTTP_200_OK if report["status"] == OK else status.HTTP_503_SERVICE_UNAVAILABLE
    return Response(report, status=code)


# --8<-- [start:error-handlers]
# Django answers these itself, outside DRF, so they carry the same stable `code` that
# core/exceptions.py adds to DRF's errors: a client reads one shape everywhere.
def bad_request(request, exception=None):
    return JsonResponse({"detail": "Bad request.", "code": "bad_request"}, status=400)


def not_found(request, exception=None):
    """A JSON 404 for every unknown URL: no URL patterns, no HTML, nothing to learn from."""
    return JsonResponse({"detail": "Not found.", "code": "not_found"}, status=404)


def server_error(request):
    return JsonResponse({"detail": "Server error.", "code": "server_error"}, status=500)
# --8<-- [end:error-handlers]


class SchemaView(SpectacularAPIView):
    """
    /api/schema/, built by one request at a time: drf-spectacular's generator keeps state
    in module globals while it works, so two threads building at once break each other.
    """

    building = threading.Lock()

    def perform_content_negotiation(self, request, force=False):
        """?format= other than json or yaml: a 400 in JSON (DRF answers a 404 in YAML, and
        takes an empty ?format= for none)."""
        if request.query_params.get("format") != "":
            with contextlib.suppress(Http404):
                return super().perform_content_negotiation(request, force)
        request.accepted_renderer, request.accepted_media_type = JSONRenderer(), "application/json"
        raise ValidationError({"format": ["json or yaml."]}, code="invalid_format")

    @extend_schema(summary="This API's OpenAPI schema", tags=["schema"],
                   responses={200: OpenApiTypes.OBJECT, **errors(400, why_400="?format= is neither json nor yaml.")})
    def get(self, request, *args, **kwargs):
        with self.building:
            return super().get(request, *args, **kwargs)
