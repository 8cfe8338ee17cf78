from rest_framework.decorators import api_view
from rest_framework.response import Response


@api_view(["GET"])
def health(request):
    """Answer 200 so that people and load balancers can tell the server is up."""
    return Response({"status": "ok"})
