"""
The auth API. Each view validates its input with a serializer, calls one service, and
shapes the answer: the rules themselves live in services.py and codes.py.
"""
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView
from rest_framework_simplejwt.exceptions import TokenError
from rest_framework_simplejwt.tokens import RefreshToken

from accounts import services
from accounts.errors import InvalidCredentials, InvalidToken
from accounts.serializers import (
    DetailSerializer,
    EmailCodeSerializer,
    EmailSerializer,
    LoginResponseSerializer,
    LoginSerializer,
    PasswordChangeSerializer,
    PasswordResetConfirmSerializer,
    RefreshSerializer,
    RegisterSerializer,
    TokenPairSerializer,
    UserSerializer,
)
from accounts.throttles import (
    LoginFailuresPerAddressThrottle,
    LoginFailuresPerClientThrottle,
    PasswordResetEmailThrottle,
    RegistrationsPerAddressThrottle,
    RegistrationsPerClientThrottle,
    VerificationEmailThrottle,
)
from core.openapi import RETRY_AFTER, errors, json_body_errors

# The same answer whether or not the address has an account: nobody learns who signed up.
SENT_IF_EXISTS = "If an account uses this address, we have e-mailed it a 6-digit code."


def validated(serializer_class, request) -> dict:
    serializer = serializer_class(data=request.data, context={"request": request})
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


# --8<-- [start:register-view]
class RegisterView(APIView):
    permission_classes = [AllowAny]
    throttle_classes = [RegistrationsPerAddressThrottle, RegistrationsPerClientThrottle]

    @extend_schema(summary="Sign up: e-mails a 6-digit code to verify the address",
                   request=RegisterSerializer, parameters=[RETRY_AFTER],
                   responses={201: UserSerializer, **json_body_errors(), **errors(429)}, tags=["auth"])
    def post(self, request):
        user = services.user_register(**validated(RegisterSerializer, request))
        return Response(UserSerializer(user).data, status=status.HTTP_201_CREATED)
# --8<-- [end:register-view]


class VerifyEmailView(APIView):
    permission_classes = [AllowAny]

    @extend_schema(summary="Verify the e-mail address with the code",
                   request=EmailCodeSerializer, responses={200: UserSerializer, **json_body_errors()},
                   tags=["auth"])
    def post(self, request):
        user = services.email_verify(**validated(EmailCodeSerializer, request))
        return Response(UserSerializer(user).data)


class ResendVerificationView(APIView):
    permission_classes = [AllowAny]
    throttle_classes = [VerificationEmailThrottle]

    @extend_schema(summary="E-mail a new verification code (the same answer for every address)",
                   request=EmailSerializer, parameters=[RETRY_AFTER],
                   responses={200: DetailSerializer, **json_body_errors(), **errors(429)}, tags=["auth"])
    def post(self, request):
        services.verification_code_resend(**validated(EmailSerializer, request))
        return Response({"detail": SENT_IF_EXISTS})


# --8<-- [start:login-view]
class LoginView(APIView):
    permission_classes = [AllowAny]
    # Only failed logins count (FailuresOnlyMixin): post() records each one.
    throttle_classes = [LoginFailuresPerAddressThrottle, LoginFailuresPerClientThrottle]

    @extend_schema(summary="Log in: an access and a refresh token", request=LoginSerializer,
                   parameters=[RETRY_AFTER], responses={
                       200: LoginResponseSerializer,
                       **json_body_errors(),
                       **errors(401, 403, 429,
                                why_401="Wrong e-mail or password (code: invalid_credentials)",
                                why_403="E-mail not verified yet (code: email_not_verified)"),
                   }, tags=["auth"])
    def post(self, request):
        credentials = validated(LoginSerializer, request)
        try:
            user, refresh = services.user_login(**credentials)
        except InvalidCredentials:
            for throttle in self.get_throttles():
                throttle.failure_record(request, self)
            raise
        return Response({"access": str(refresh.access_token), "refresh": str(refresh),
                         "user": UserSerializer(user).data})
# --8<-- [end:login-view]


# --8<-- [start:refresh-view]
class RefreshView(APIView):
    permission_classes = [AllowAny]  # the refresh token itself is the credential

    @extend_schema(summary="Trade a refresh token for new tokens (each refresh token works once)",
                   request=RefreshSerializer, responses={
                       200: TokenPairSerializer,
                       **json_body_errors(),
                       **errors(401, why_401="The refresh token is invalid, expired, already used, or its "
                                             "user is gone (code: token_not_valid). Reusing a used one logs the "
                                             "user out everywhere."),
                   }, tags=["auth"])
    def post(self, request):
        refresh = services.refresh_token_rotate(raw=validated(RefreshSerializer, request)["refresh"])
        return Response({"access": str(refresh.access_token), "refresh": str(refresh)})
# --8<-- [end:refresh-view]


class LogoutView(APIView):
    permission_classes = [AllowAny]  # the refresh token itself is the credential

    @extend_schema(summary="Log out: the refresh token stops working", request=RefreshSerializer,
                   responses={205: None, **json_body_errors()}, tags=["auth"])
    def post(self, request):
        try:
            RefreshToken(validated(RefreshSerializer, request)["refresh"]).blacklist()
        except TokenError:
            raise InvalidToken() from None
        return Response(status=status.HTTP_205_RESET_CONTENT)


class MeView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(summary="The logged-in user", responses={200: UserSerializer, **errors(401)},
                   tags=["auth"])
    def get(self, request):
        return Response(UserSerializer(request.user).data)


class PasswordChangeView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(summary="Change the password (logs out every refresh token)",
                   request=PasswordChangeSerializer,
                   responses={200: DetailSerializer, **json_body_errors(), **errors(401)},
                   tags=["auth"])
    def post(self, request):
        data = validated(PasswordChangeSerializer, request)
        services.password_change(user=request.user, new_password=data["new_password"])
        return Response({"detail": "Password changed. Log in again on your other devices."})


class PasswordResetView(APIView):
    permission_classes = [AllowAny]
    throttle_classes = [PasswordResetEmailThrottle]

    @extend_schema(summary="E-mail a password-reset code (the same answer for every address)",
                   request=EmailSerializer, parameters=[RETRY_AFTER],
                   responses={200: DetailSerializer, **json_body_errors(), **errors(429)}, tags=["auth"])
    def post(self, request):
        services.password_reset_request(**validated(EmailSerializer, request))
        return Response({"detail": SENT_IF_EXISTS})


class PasswordResetConfirmView(APIView):
    permission_classes = [AllowAny]

    @extend_schema(summary="Set a new password with the reset code",
                   request=PasswordResetConfirmSerializer,
                   responses={200: DetailSerializer, **json_body_errors()}, tags=["auth"])
    def post(self, request):
        services.password_reset_confirm(**validated(PasswordResetConfirmSerializer, request))
        return Response({"detail": "Password changed. You can log in with it now."})
