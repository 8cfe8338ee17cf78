"""A JSON number or boolean sent where the schema says string is refused, not turned into text."""
import pytest
from rest_framework import serializers

from core.serializers import StrictTextMixin


class NoteSerializer(StrictTextMixin, serializers.Serializer):
    title = serializers.CharField()
    email = serializers.EmailField(required=False)
    author = serializers.CharField(read_only=True)


@pytest.mark.parametrize("title", [42, 4.2, True])
def test_a_number_or_boolean_for_a_text_field_is_refused(title):
    serializer = NoteSerializer(data={"title": title})

    assert not serializer.is_valid()
    assert serializer.errors == {"title": ["Not a valid string."]}
    assert serializer.errors["title"][0].code == "invalid"


def test_every_text_field_answers_at_once_and_subclasses_count():
    serializer = NoteSerializer(data={"title": 1, "email": 2})

    assert not serializer.is_valid()
    assert set(serializer.errors) == {"title", "email"}


def errors_for(data: dict) -> dict:
    serializer = NoteSerializer(data=data)
    serializer.is_valid()
    return serializer.errors


def test_strings_and_missing_fields_are_validated_as_usual():
    assert errors_for({"title": "Hello"}) == {}
    assert errors_for({}) == {"title": ["This field is required."]}
    assert errors_for({"title": None}) == {"title": ["This field may not be null."]}


@pytest.mark.django_db
def test_sign_up_with_a_number_for_the_username_is_a_400(api_client):
    response = api_client.post("/api/auth/register/",
                               {"email": "num@example.com", "username": 12345, "password": "correct horse battery"},
                               format="json")

    assert response.status_code == 400
    assert response.json() == {"username": ["Not a valid string."]}


def test_other_field_errors_are_reported_alongside():
    assert errors_for({"title": 7, "email": "not an address"}) == {
        "title": ["Not a valid string."], "email": ["Enter a valid email address."]}
