from django.urls import path

from profiles import views

urlpatterns = [
    path("", views.UserSearchView.as_view(), name="user-search"),
    # "me" comes before <username>: it is a reserved word, never a username.
    path("me/", views.MyProfileView.as_view(), name="my-profile"),
    path("me/avatar/", views.MyAvatarView.as_view(), name="my-avatar"),
    path("<username:username>/", views.UserDetailView.as_view(), name="user-detail"),
]
