"""The project's URL table: every API path lives under /api/."""
from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path, register_converter
from django.views.static import serve
from drf_spectacular.views import SpectacularRedocView, SpectacularSwaggerView

from accounts.converters import UsernameConverter
from core import views

# <username:username> in the apps' URL tables: only what a username can be.
register_converter(UsernameConverter, "username")

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/health/", views.health, name="health"),
    path("api/auth/", include("accounts.urls")),
    # The social URLs come first: /api/users/suggestions/ must not be read as a username.
    path("api/", include("social.urls")),
    path("api/", include("posts.urls")),
    path("api/", include("engagement.urls")),
    path("api/users/", include("profiles.urls")),
    path("api/schema/", views.SchemaView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="schema"), name="swagger-ui"),
    path("api/redoc/", SpectacularRedocView.as_view(url_name="schema", template_name="redoc.html"),
         name="redoc"),
]

if settings.SERVE_MEDIA:
    media_prefix = settings.MEDIA_URL.lstrip("/")
    urlpatterns.append(re_path(rf"^{media_prefix}(?P<path>.*)$", serve, {"document_root": settings.MEDIA_ROOT}))

# Used when DEBUG=False; with DEBUG=True Django shows its debugging pages instead.
handler400 = "core.views.bad_request"
handler404 = "core.views.not_found"
handler500 = "core.views.server_error"
