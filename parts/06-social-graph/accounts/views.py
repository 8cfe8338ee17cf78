"""
The auth API. Each view validates its input with a serializer, calls one service, and
shapes the answer: the rules themselves live in services.py and codes.py.
"""
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView
from rest_framework_simplejwt.exceptions import TokenError
from rest_framework_simplejwt.tokens import RefreshToken

from accounts import services
from accounts.errors import InvalidToken
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
    UserSerializer,
)
from accounts.throttles import PasswordResetEmailThrottle, VerificationEmailThrottle

# The same answer whether or not the address has an account: nobody learns who signed up.
SENT_IF_EXISTS = "If an account uses this address, we have e-mailed it a 6-digit code."


def validated(serializer_class, request) -> dict:
    serializer = serializer_class(data=request.data, context={"request": request})
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


# --8<-- [start:register-view]
class RegisterView(APIView):
    permission_classes = [AllowAny]

    @extend_schema(request=RegisterSerializer, responses={201: UserSerializer}, tags=["auth"])
    def post(self, request):
        user = services.user_register(**validated(RegisterSerializer, request))
        return Response(UserSerializer(user).data, status=status.HTTP_201_CREATED)
# --8<-- [end:register-view]


class VerifyEmailView(APIView):
    permission_classes = [AllowAny]

    @extend_schema(request=EmailCodeSerializer, responses={200: UserSerializer}, tags=["auth"])
    def post(self, request):
        user = services.email_verify(**validated(EmailCodeSerializer, request))
        return Response(UserSerializer(user).data)


class ResendVerificationView(APIView):
    permission_classes = [AllowAny]
    throttle_classes = [VerificationEmailThrottle]

    @extend_schema(request=EmailSerializer, responses={200: DetailSerializer}, tags=["auth"])
    def post(self, request):
        services.verification_code_resend(**validated(EmailSerializer, request))
        return Response({"detail": SENT_IF_EXISTS})


# --8<-- [start:login-view]
class LoginView(APIView):
    permission_classes = [AllowAny]

    @extend_schema(request=LoginSerializer, responses={
        200: LoginResponseSerializer,
        401: OpenApiResponse(description="Wrong e-mail or password (code: invalid_credentials)"),
        403: OpenApiResponse(description="E-mail not verified yet (code: email_not_verified)"),
    }, tags=["auth"])
    def post(self, request):
        user, refresh = services.user_login(**validated(LoginSerializer, request))
        return Response({"access": str(refresh.access_token), "refresh": str(refresh),
                         "user": UserSerializer(user).data})
# --8<-- [end:login-view]


class LogoutView(APIView):
    permission_classes = [AllowAny]  # the refresh token itself is the credential

    @extend_schema(request=RefreshSerializer, responses={205: None}, tags=["auth"])
    def post(self, request):
        try:
            RefreshToken(validated(RefreshSerializer, request)["refresh"]).blacklist()
        except TokenError:
            raise InvalidToken() from None
        return Response(status=status.HTTP_205_RESET_CONTENT)


class MeView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(responses={200: UserSerializer}, tags=["auth"])
    def get(self, request):
        return Response(UserSerializer(request.user).data)


class PasswordChangeView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(request=PasswordChangeSerializer, responses={200: DetailSerializer}, tags=["auth"])
    def post(self, request):
        data = validated(PasswordChangeSerializer, request)
        services.password_change(user=request.user, new_password=data["new_password"])
        return Response({"detail": "Password changed. Log in again on your other devices."})


class PasswordResetView(APIView):
    permission_classes = [AllowAny]
    throttle_classes = [PasswordResetEmailThrottle]

    @extend_schema(request=EmailSerializer, responses={200: DetailSerializer}, tags=["auth"])
    def post(self, request):
        services.password_reset_request(**validated(EmailSerializer, request))
        return Response({"detail": SENT_IF_EXISTS})


class PasswordResetConfirmView(APIView):
    permission_classes = [AllowAny]

    @extend_schema(request=PasswordResetConfirmSerializer, responses={200: DetailSerializer}, tags=["auth"])
    def post(self, request):
        services.password_reset_confirm(**validated(PasswordResetConfirmSerializer, request))
        return Response({"detail": "Password changed. You can log in with it now."})
