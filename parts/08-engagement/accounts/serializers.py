"""Input validation and output shapes for the auth API. No decisions about access here."""
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import RegexValidator
from rest_framework import serializers

from accounts.models import User, username_validator, validate_username_not_reserved
from core.serializers import StrictTextMixin

PASSWORD_MAX_LENGTH = 128
# The rules of Django's MinimumLengthValidator and NumericPasswordValidator, repeated on
# the field so that the schema states them (minLength, pattern) and clients can check
# before sending. The common-password and similarity checks cannot be written as a schema.
NEW_PASSWORD_MIN_LENGTH = 8
not_only_digits = RegexValidator(r"\D", message="This password is entirely numeric.", code="password_entirely_numeric")


class UserSerializer(serializers.ModelSerializer):
    email_verified = serializers.BooleanField(source="is_email_verified", read_only=True)

    class Meta:
        model = User
        fields = ["id", "email", "username", "email_verified", "date_joined"]
        read_only_fields = fields


def password_field(**kwargs) -> serializers.CharField:
    return serializers.CharField(write_only=True, trim_whitespace=False, max_length=PASSWORD_MAX_LENGTH,
                                 style={"input_type": "password"}, **kwargs)


def new_password_field() -> serializers.CharField:
    return password_field(min_length=NEW_PASSWORD_MIN_LENGTH, validators=[not_only_digits])


def check_password_strength(password: str, user: User | None, *, field: str) -> None:
    """Django's password validators (AUTH_PASSWORD_VALIDATORS), as an error on `field`."""
    try:
        password_validation.validate_password(password, user)
    except DjangoValidationError as error:
        raise serializers.ValidationError({field: error.messages}) from None


# --8<-- [start:register]
class RegisterSerializer(StrictTextMixin, serializers.Serializer):
    email = serializers.EmailField(max_length=254)
    username = serializers.CharField(max_length=30, validators=[username_validator, validate_username_not_reserved])
    password = new_password_field()

    def validate_email(self, email: str) -> str:
        email = User.objects.normalize_email(email)
        if User.objects.with_email(email).exists():
            raise serializers.ValidationError("A user with this e-mail already exists.")
        return email

    def validate_username(self, username: str) -> str:
        if User.objects.filter(username__iexact=username).exists():
            raise serializers.ValidationError("This username is taken.")
        return username

    def validate(self, data: dict) -> dict:
        # The similarity check compares the password with the e-mail and username.
        candidate = User(email=data["email"], username=data["username"])
        check_password_strength(data["password"], candidate, field="password")
        return data
# --8<-- [end:register]


class EmailSerializer(StrictTextMixin, serializers.Serializer):
    email = serializers.EmailField(max_length=254)


class EmailCodeSerializer(EmailSerializer):
    code = serializers.RegexField(r"^\d{6}$", max_length=6,
                                  error_messages={"invalid": "Enter the 6-digit code from the e-mail."})


class LoginSerializer(StrictTextMixin, serializers.Serializer):
    email = serializers.EmailField(max_length=254)
    password = password_field()


class LoginResponseSerializer(serializers.Serializer):
    access = serializers.CharField()
    refresh = serializers.CharField()
    user = UserSerializer()


class RefreshSerializer(StrictTextMixin, serializers.Serializer):
    refresh = serializers.CharField(max_length=2000)


class TokenPairSerializer(serializers.Serializer):
    access = serializers.CharField()
    refresh = serializers.CharField()


class PasswordChangeSerializer(StrictTextMixin, serializers.Serializer):
    old_password = password_field()
    new_password = new_password_field()

    def validate_old_password(self, password: str) -> str:
        if not self.context["request"].user.check_password(password):
            raise serializers.ValidationError("The current password is wrong.")
        return password

    def validate(self, data: dict) -> dict:
        check_password_strength(data["new_password"], self.context["request"].user, field="new_password")
        return data


class PasswordResetConfirmSerializer(EmailCodeSerializer):
    new_password = new_password_field()

    def validate(self, data: dict) -> dict:
        user = User.objects.with_email(data["email"]).first()
        check_password_strength(data["new_password"], user, field="new_password")
        return data


class DetailSerializer(serializers.Serializer):
    detail = serializers.CharField()
