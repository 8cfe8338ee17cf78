from django.http import JsonResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.decorators import api_view, permission_classes
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from core.health import OK, system_health


@extend_schema(responses={200: OpenApiTypes.OBJECT, 503: OpenApiTypes.OBJECT}, tags=["health"])
@api_view(["GET"])
@permission_classes([AllowAny])
def health(request):
    """200 when every component answers, 503 naming the one that does not."""
    report = system_health()
    code = status.HTTP_200_OK if report["status"] == OK else status.HTTP_503_SERVICE_UNAVAILABLE
    return Response(report, status=code)


# --8<-- [start:error-handlers]
def bad_request(request, exception=None):
    return JsonResponse({"detail": "Bad request."}, status=400)


def not_found(request, exception=None):
    """A JSON 404 for every unknown URL: no URL patterns, no HTML, nothing to learn from."""
    return JsonResponse({"detail": "Not found."}, status=404)


def server_error(request):
    return JsonResponse({"detail": "Server error."}, status=500)
# --8<-- [end:error-handlers]
