"""
The accounts app's domain errors. Each is an HTTP error with a stable machine-readable
`code`; core.exceptions adds that code to the JSON body.
"""
from rest_framework import status
from rest_framework.exceptions import APIException, AuthenticationFailed

from accounts.codes import CodeCheck


class InvalidCredentials(APIException):
    status_code = status.HTTP_401_UNAUTHORIZED
    default_detail = "The e-mail address or the password is wrong."
    default_code = "invalid_credentials"


class EmailNotVerified(APIException):
    status_code = status.HTTP_403_FORBIDDEN
    default_detail = "Verify your e-mail address first: we sent you a 6-digit code."
    default_code = "email_not_verified"


class CodeRejected(APIException):
    status_code = status.HTTP_400_BAD_REQUEST
    default_code = CodeCheck.WRONG.value
    messages = {
        CodeCheck.WRONG: "The code is wrong.",
        CodeCheck.EXPIRED: "The code has expired. Ask for a new one.",
        CodeCheck.EXHAUSTED: "Too many wrong tries: this code no longer works. Ask for a new one.",
    }

    def __init__(self, result: CodeCheck):
        super().__init__(detail=self.messages[result], code=result.value)


class InvalidToken(APIException):
    status_code = status.HTTP_400_BAD_REQUEST
    default_detail = "The refresh token is invalid, expired or already used."
    default_code = "token_not_valid"


class RefreshTokenRejected(AuthenticationFailed):
    """Refreshing needs a refresh token that is ours, unexpired, unused and of an active user."""

    default_detail = "The refresh token is invalid, expired or already used."
    default_code = "token_not_valid"
