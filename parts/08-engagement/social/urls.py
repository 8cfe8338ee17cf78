from django.urls import path

from social import views

urlpatterns = [
    path("users/suggestions/", views.SuggestionsView.as_view(), name="suggestions"),
    path("users/<username:username>/follow/", views.FollowView.as_view(), name="follow"),
    path("users/<username:username>/friend-request/", views.FriendRequestCreateView.as_view(), name="friend-request"),
    path("users/<username:username>/friend/", views.FriendView.as_view(), name="friend"),
    path("users/<username:username>/block/", views.BlockView.as_view(), name="block"),
    path("users/<username:username>/followers/", views.FollowersView.as_view(), name="followers"),
    path("users/<username:username>/following/", views.FollowingView.as_view(), name="following"),
    path("users/<username:username>/friends/", views.FriendsView.as_view(), name="friends"),
    path("follow-requests/", views.FollowRequestListView.as_view(), name="follow-requests"),
    path("follow-requests/<int:pk>/accept/", views.FollowRequestAnswerView.as_view(answer="accept"),
         name="follow-request-accept"),
    path("follow-requests/<int:pk>/reject/", views.FollowRequestAnswerView.as_view(answer="reject"),
         name="follow-request-reject"),
    path("friend-requests/", views.FriendRequestListView.as_view(), name="friend-requests"),
    path("friend-requests/<int:pk>/", views.FriendRequestCancelView.as_view(), name="friend-request-cancel"),
    path("friend-requests/<int:pk>/accept/", views.FriendRequestAnswerView.as_view(answer="accept"),
         name="friend-request-accept"),
    path("friend-requests/<int:pk>/decline/", views.FriendRequestAnswerView.as_view(answer="decline"),
         name="friend-request-decline"),
    path("blocks/", views.BlockListView.as_view(), name="blocks"),
]
