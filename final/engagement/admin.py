from django.contrib import admin

from engagement.models import Comment, CommentReaction, PostReaction


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    list_display = ("id", "author", "post", "parent", "created_at", "edited_at")
    list_filter = ("created_at", ("parent", admin.EmptyFieldListFilter))  # top-level comments or replies
    search_fields = ("text", "author__username")
    raw_id_fields = ("post", "author", "parent")
    readonly_fields = ("created_at", "edited_at")
    list_select_related = ("author",)


@admin.register(PostReaction)
class PostReactionAdmin(admin.ModelAdmin):
    list_display = ("user", "type", "post", "created_at")
    list_filter = ("type",)
    search_fields = ("user__username",)
    raw_id_fields = ("user", "post")
    list_select_related = ("user",)


@admin.register(CommentReaction)
class CommentReactionAdmin(admin.ModelAdmin):
    list_display = ("user", "type", "comment", "created_at")
    list_filter = ("type",)
    search_fields = ("user__username",)
    raw_id_fields = ("user", "comment")
    list_select_related = ("user",)
