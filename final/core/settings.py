"""
Settings for the `core` project.

Every value that differs between machines comes from the environment (12-factor), and
each has a default that runs the project on one machine with nothing else installed.
A `.env` file next to manage.py is read too; real environment variables win over it.
"""
from datetime import timedelta
from pathlib import Path

# --8<-- [start:environ]
import environ
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env")
# --8<-- [end:environ]

# --8<-- [start:secrets]
DEBUG = env.bool("DEBUG", default=False)

if DEBUG:
    SECRET_KEY = env("SECRET_KEY", default="django-insecure-development-only-key")
else:
    # No default on purpose: a production server must never run on a known key.
    SECRET_KEY = env("SECRET_KEY")
    if not SECRET_KEY.strip():
        raise ImproperlyConfigured("SECRET_KEY is empty: set it to a long random value.")

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
# --8<-- [end:secrets]

# --8<-- [start:installed-apps]
INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework_simplejwt.token_blacklist",
    "drf_spectacular",
    "drf_spectacular_sidecar",  # Swagger UI and ReDoc files, served from here, not a CDN
    "accounts",
    "profiles",
    "social",
    "posts",
    "engagement",
]
# --8<-- [end:installed-apps]

# --8<-- [start:middleware]
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Right after security: answers /static/ requests before the rest of Django runs.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]
# --8<-- [end:middleware]

ROOT_URLCONF = "core.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],  # the project's own templates
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

WSGI_APPLICATION = "core.wsgi.application"
ASGI_APPLICATION = "core.asgi.application"

# --8<-- [start:services]
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
# Keep each connection open for this many seconds instead of opening one per request
# (0 closes it after every request), and test it before reusing it.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

REDIS_URL = env("REDIS_URL", default="")

if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# --8<-- [end:services]

# --8<-- [start:user-model]
AUTH_USER_MODEL = "accounts.User"
# --8<-- [end:user-model]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

# --8<-- [start:static]
STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # collectstatic also writes a gzipped copy of each file, sent to browsers that accept it.
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
# --8<-- [end:static]

# --8<-- [start:media-email]
MEDIA_URL = "media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
# --8<-- [start:serve-media]
# Django serves uploads itself only in development (or when asked, as the checker does);
# in production the web server or object storage does (part 15).
SERVE_MEDIA = env.bool("SERVE_MEDIA", default=DEBUG)
# --8<-- [end:serve-media]

# --8<-- [start:uploads]
# A post carries up to ten files of up to 50 MB each (posts/media.py). Files larger than
# FILE_UPLOAD_MAX_MEMORY_SIZE are written to a temporary file as they arrive, so ten
# videos never sit in memory; DATA_UPLOAD_MAX_MEMORY_SIZE counts only the form's other
# fields, never its files. Django refuses more files than DATA_UPLOAD_MAX_NUMBER_FILES
# before any view runs: the limit stays above ten, so that an eleventh file reaches the
# serializer, which answers which field is wrong.
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440  # 2.5 MB, Django's default, said out loud
DATA_UPLOAD_MAX_NUMBER_FILES = 20
# --8<-- [end:uploads]

EMAIL_BACKEND = env("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
EMAIL_FILE_PATH = env.path("EMAIL_FILE_PATH", default=BASE_DIR / "sent-emails")
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="Social <no-reply@localhost>")
# --8<-- [end:media-email]

# --8<-- [start:rest-framework]
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework_simplejwt.authentication.JWTAuthentication",
    ],
    # Private unless a view says otherwise (permission_classes = [AllowAny]).
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "core.exceptions.api_exception_handler",
    "DEFAULT_PAGINATION_CLASS": "core.pagination.StandardPagination",
    # JSON with a depth limit (core/parsers.py); forms and files as DRF reads them.
    "DEFAULT_PARSER_CLASSES": [
        "core.parsers.JSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "verification_emails": env("THROTTLE_VERIFICATION_EMAILS", default="5/hour"),
        "password_reset_emails": env("THROTTLE_PASSWORD_RESET_EMAILS", default="5/hour"),
        # Only failed logins count: mistyping a password twice is fine, guessing is not.
        "login_failures_per_address": env("THROTTLE_LOGIN_FAILURES_PER_ADDRESS", default="10/hour"),
        "login_failures_per_client": env("THROTTLE_LOGIN_FAILURES_PER_CLIENT", default="100/hour"),
        "registrations_per_address": env("THROTTLE_REGISTRATIONS_PER_ADDRESS", default="5/hour"),
        "registrations_per_client": env("THROTTLE_REGISTRATIONS_PER_CLIENT", default="100/hour"),
    },
    # How many proxies in front of the server add to X-Forwarded-For. 0: the client is the
    # connection's address, whatever the header claims (anyone can send that header).
    "NUM_PROXIES": env.int("NUM_PROXIES", default=0),
}

SIMPLE_JWT = {
    "ACCESS_TOKEN_LIFETIME": timedelta(minutes=env.int("JWT_ACCESS_MINUTES", default=15)),
    "REFRESH_TOKEN_LIFETIME": timedelta(days=env.int("JWT_REFRESH_DAYS", default=7)),
    "ROTATE_REFRESH_TOKENS": True,  # every refresh hands out a new refresh token...
    "BLACKLIST_AFTER_ROTATION": True,  # ...and the old one stops working
    "AUTH_HEADER_TYPES": ("Bearer",),
}
# --8<-- [end:rest-framework]

SPECTACULAR_SETTINGS = {
    "TITLE": "Social API",
    "DESCRIPTION": "The social-media backend built in the course.",
    "VERSION": "0.8.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    # The six reaction types appear in several fields (type, my_reaction): one enum for all.
    "ENUM_NAME_OVERRIDES": {"ReactionTypeEnum": "engagement.models.Reaction.Type"},
    # The documentation pages load their JavaScript and CSS from our own static files
    # (a pinned copy in drf-spectacular-sidecar), so they work offline and never change
    # under us when a CDN publishes a new version.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
