from django.urls import path

from posts import views

urlpatterns = [
    path("posts/", views.PostCreateView.as_view(), name="post-create"),
    path("posts/<int:pk>/", views.PostDetailView.as_view(), name="post-detail"),
    path("posts/<int:pk>/share/", views.PostShareView.as_view(), name="post-share"),
    path("posts/<int:pk>/history/", views.PostHistoryView.as_view(), name="post-history"),
    path("users/<username:username>/posts/", views.UserPostsView.as_view(), name="user-posts"),
    path("hashtags/<str:tag>/posts/", views.HashtagPostsView.as_view(), name="hashtag-posts"),
]
