"""The API's one exception handler: DRF shapes, a stable `code`, and nothing leaked."""
import pytest
from django.core.exceptions import ValidationError
from django.http import Http404

from core.exceptions import api_exception_handler


def test_errors_carry_their_code(api_client):
    response = api_client.get("/api/auth/me/")

    assert response.status_code == 401
    assert response.json() == {"detail": "Authentication credentials were not provided.",
                               "code": "not_authenticated"}


def test_a_django_404_says_no_more_than_not_found():
    response = api_exception_handler(Http404("No Profile matches the given query."), {})

    assert response.status_code == 404
    assert response.data == {"detail": "Not found.", "code": "not_found"}


@pytest.mark.parametrize("error,shape", [
    (ValidationError({"bio": ["Too long."]}), {"bio": ["Too long."]}),
    (ValidationError("Something is off."), ["Something is off."]),
])
def test_a_django_validation_error_is_a_400_in_drf_shape(error, shape):
    response = api_exception_handler(error, {})

    assert response.status_code == 400
    assert response.data == shape
