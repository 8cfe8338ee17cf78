from django.contrib import admin

from profiles.models import Profile


@admin.register(Profile)
class ProfileAdmin(admin.ModelAdmin):
    list_display = ("user", "display_name", "is_private", "updated_at")
    list_filter = ("is_private",)
    search_fields = ("user__username", "user__email", "display_name")
    raw_id_fields = ("user",)
