"""The project's URL table: every API path lives under /api/."""
from django.contrib import admin
from django.urls import path

from core import views

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/health/", views.health, name="health"),
]

# Used when DEBUG=False; with DEBUG=True Django shows its debugging pages instead.
handler404 = "core.views.not_found"
handler500 = "core.views.server_error"
