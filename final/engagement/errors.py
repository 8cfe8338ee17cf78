"""The engagement app's domain errors, each with a stable machine-readable code."""
from rest_framework import status
from rest_framework.exceptions import APIException


class NotYourComment(APIException):
    """You can see this comment, but only its author may edit it (and its author or the post's author delete it)."""

    status_code = status.HTTP_403_FORBIDDEN
    default_detail = "Only the comment's author can edit it; its author or the post's author can delete it."
    default_code = "not_the_author"
