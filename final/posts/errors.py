"""The posts app's domain errors, each with a stable machine-readable code."""
from rest_framework import status
from rest_framework.exceptions import APIException


class NotTheAuthor(APIException):
    """You can see this post, but only its author may change or delete it."""

    status_code = status.HTTP_403_FORBIDDEN
    default_detail = "Only the author can change or delete this post."
    default_code = "not_the_author"


class QuoteNotAllowed(APIException):
    """You can see this post, but its author does not let you quote it (a repost is still fine)."""

    status_code = status.HTTP_403_FORBIDDEN
    default_detail = "The author of this post does not let you quote it."
    default_code = "quote_not_allowed"
