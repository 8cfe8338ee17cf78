"""What every serializer that reads a request body shares."""
from collections.abc import Mapping

from rest_framework import serializers
from rest_framework.exceptions import ErrorDetail


class StrictTextMixin:
    """
    Text fields take JSON strings only. DRF's CharField (and EmailField, RegexField...)
    quietly turns a number into text, so `"username": 42` would sign up "42". The API
    schema promises clients a string, so a number or a boolean is a 400 like any other
    wrong type.
    """

    def to_internal_value(self, data):
        not_text = self.text_fields_not_sent_as_text(data)
        try:
            validated = super().to_internal_value(data)
        except serializers.ValidationError as error:
            raise serializers.ValidationError({**error.detail, **not_text}) from None
        if not_text:
            raise serializers.ValidationError(not_text)
        return validated

    def text_fields_not_sent_as_text(self, data) -> dict:
        if not isinstance(data, Mapping):
            return {}  # DRF answers "Invalid data. Expected a dictionary" itself
        return {name: [ErrorDetail("Not a valid string.", code="invalid")]
                for name, field in self.fields.items()
                if isinstance(field, serializers.CharField) and not field.read_only
                and isinstance(data.get(name), (int, float, bool))}
