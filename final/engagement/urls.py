from django.urls import path

from engagement import views

urlpatterns = [
    path("posts/<int:pk>/comments/", views.PostCommentsView.as_view(), name="post-comments"),
    path("posts/<int:pk>/reaction/", views.PostReactionView.as_view(), name="post-reaction"),
    path("posts/<int:pk>/reactions/", views.PostReactionsView.as_view(), name="post-reactions"),
    path("comments/<int:pk>/", views.CommentDetailView.as_view(), name="comment-detail"),
    path("comments/<int:pk>/replies/", views.CommentRepliesView.as_view(), name="comment-replies"),
    path("comments/<int:pk>/reaction/", views.CommentReactionView.as_view(), name="comment-reaction"),
    path("comments/<int:pk>/reactions/", views.CommentReactionsView.as_view(), name="comment-reactions"),
]
