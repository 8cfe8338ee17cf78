from django.contrib import admin

from posts.models import Hashtag, Post, PostEdit, PostMedia


class PostMediaInline(admin.TabularInline):
    """A post's files, as uploaded through the API (checked and re-encoded there): only the alt text is editable."""

    model = PostMedia
    extra = 0
    fields = ("position", "kind", "file", "alt_text", "width", "height", "content_type", "size")
    readonly_fields = ("position", "kind", "file", "width", "height", "content_type", "size")
    ordering = ("position",)

    def has_add_permission(self, request, obj=None):
        return False


class PostEditInline(admin.TabularInline):
    model = PostEdit
    extra = 0
    fields = ("edited_at", "text")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Post)
class PostAdmin(admin.ModelAdmin):
    list_display = ("id", "author", "visibility", "shared_post", "created_at", "edited_at")
    list_filter = ("visibility", "quote_policy", "created_at")
    search_fields = ("text", "author__username")
    raw_id_fields = ("author", "shared_post")  # a box for an id: a menu would list every post
    # The text changes through posts.services only, which keeps the history and the tags.
    readonly_fields = ("text", "created_at", "edited_at")
    inlines = [PostMediaInline, PostEditInline]
    list_select_related = ("author",)


@admin.register(Hashtag)
class HashtagAdmin(admin.ModelAdmin):
    list_display = ("name",)
    search_fields = ("name",)
