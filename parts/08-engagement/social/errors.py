"""The social app's domain errors, each with a stable machine-readable code."""
from rest_framework import status
from rest_framework.exceptions import APIException


class CannotTargetYourself(APIException):
    status_code = status.HTTP_400_BAD_REQUEST
    default_detail = "You cannot do that to yourself."
    default_code = "cannot_target_self"


class YouBlockedThem(APIException):
    status_code = status.HTTP_403_FORBIDDEN
    default_detail = "You blocked this user: unblock them first."
    default_code = "you_blocked_them"


class AlreadyFriends(APIException):
    status_code = status.HTTP_400_BAD_REQUEST
    default_detail = "You are already friends."
    default_code = "already_friends"


class InvalidTransition(APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = "That change is not possible from the relationship's current state."
    default_code = "invalid_transition"
