"""
The social graph's API. Views stay thin: every lookup of a person goes through
profiles.selectors (blocked users do not exist for the blocker's victims), every list
through social.selectors, every change through social.services.
"""
from django.contrib.auth import get_user_model
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, status
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from core.openapi import errors
from core.pagination import TimelinePagination
from profiles.selectors import username_is, users_visible_to
from profiles.serializers import ProfileSerializer
from social import selectors, services
from social.models import Follow
from social.pagination import SuggestionsPagination
from social.serializers import FollowRequestSerializer, FriendRequestSerializer, StatusSerializer

User = get_user_model()
CONNECTIONS_RESPONSES = {200: ProfileSerializer(many=True), **errors(
    400, 401, 404, why_400="A bad cursor or page_size.",
    why_404="No such person, or a private account whose lists are for its approved followers.")}


def person(request, username: str):
    """The user named in the URL, if the viewer may see them; 404 otherwise."""
    return get_object_or_404(users_visible_to(request.user).select_related("profile"), username_is(username))


# -- follow ---------------------------------------------------------------------------------
class FollowView(APIView):
    @extend_schema(tags=["social"], summary="Follow someone (a private account gets a request)", request=None,
                   responses={200: StatusSerializer, **errors(
                       400, 401, 403, 404, why_400="You cannot follow yourself (code: cannot_target_self).",
                       why_403="You blocked them: unblock first (code: you_blocked_them).")})
    def post(self, request, username):
        follow = services.follow_create(follower=request.user, target=person(request, username))
        label = "following" if follow.status == Follow.Status.ACCEPTED else "requested"
        return Response({"status": label})

    @extend_schema(tags=["social"], summary="Unfollow, or cancel your request", request=None,
                   responses={200: StatusSerializer, **errors(401, 404)})
    def delete(self, request, username):
        services.follow_delete(follower=request.user, target=person(request, username))
        return Response({"status": "not_following"})


@extend_schema(tags=["social"], summary="Requests to follow you", responses={
    200: FollowRequestSerializer(many=True), **errors(400, 401, why_400="A bad cursor or page_size.")})
class FollowRequestListView(generics.ListAPIView):
    """Requests to follow you, waiting for your approval."""

    serializer_class = FollowRequestSerializer
    pagination_class = TimelinePagination

    def get_queryset(self):
        return selectors.follow_requests_to(self.request.user)


class FollowRequestAnswerView(APIView):
    answer = ""

    @extend_schema(tags=["social"], summary="Accept or reject a request to follow you", request=None,
                   responses={200: StatusSerializer, **errors(
                       401, 404, 409, why_409="Already answered: it is no request any more (code: invalid_transition).")})
    def post(self, request, pk):
        if self.answer == "accept":
            services.follow_request_accept(owner=request.user, follow_id=pk)
            return Response({"status": "accepted"})
        services.follow_request_reject(owner=request.user, follow_id=pk)
        return Response({"status": "rejected"})


# -- friends --------------------------------------------------------------------------------
class FriendRequestCreateView(APIView):
    @extend_schema(tags=["social"], summary="Ask someone to be friends (crossing requests make you friends)",
                   request=None, responses={200: StatusSerializer, **errors(
                       400, 401, 403, 404, why_400="Yourself (cannot_target_self), or already friends (already_friends).",
                       why_403="You blocked them: unblock first (code: you_blocked_them).")})
    def post(self, request, username):
        outcome = services.friend_request_send(sender=request.user, target=person(request, username))
        return Response({"status": outcome})


@extend_schema(tags=["social"], summary="Your friend requests, incoming or outgoing", parameters=[
    OpenApiParameter("direction", str, enum=["incoming", "outgoing"], description="Default: incoming")],
    responses={200: FriendRequestSerializer(many=True),
               **errors(400, 401, why_400="A bad direction, cursor or page_size.")})
class FriendRequestListView(generics.ListAPIView):
    serializer_class = FriendRequestSerializer
    pagination_class = TimelinePagination

    def get_queryset(self):
        direction = self.request.query_params.get("direction", "incoming")
        if direction not in ("incoming", "outgoing"):
            raise ValidationError({"direction": ['Use "incoming" or "outgoing".']})
        return selectors.friend_requests_of(self.request.user, incoming=direction == "incoming")


class FriendRequestAnswerView(APIView):
    answer = ""

    @extend_schema(tags=["social"], summary="Accept or decline a friend request sent to you", request=None,
                   responses={200: StatusSerializer, **errors(401, 404)})
    def post(self, request, pk):
        if self.answer == "accept":
            services.friend_request_accept(user=request.user, request_id=pk)
            return Response({"status": "friends"})
        services.friend_request_decline(user=request.user, request_id=pk)
        return Response({"status": "declined"})


class FriendRequestCancelView(APIView):
    @extend_schema(tags=["social"], summary="Cancel a friend request you sent", responses={204: None, **errors(401, 404)})
    def delete(self, request, pk):
        services.friend_request_cancel(user=request.user, request_id=pk)
        return Response(status=status.HTTP_204_NO_CONTENT)


class FriendView(APIView):
    @extend_schema(tags=["social"], summary="Unfriend someone", responses={204: None, **errors(401, 404)})
    def delete(self, request, username):
        services.friendship_delete(user=request.user, other=person(request, username))
        return Response(status=status.HTTP_204_NO_CONTENT)


# -- blocks ---------------------------------------------------------------------------------
class BlockView(APIView):
    @extend_schema(tags=["social"], summary="Block someone: every tie between you goes", request=None,
                   responses={200: StatusSerializer, **errors(
                       400, 401, 404, why_400="You cannot block yourself (code: cannot_target_self).")})
    def post(self, request, username):
        services.user_block(blocker=request.user, blocked=person(request, username))
        return Response({"status": "blocked"})

    @extend_schema(tags=["social"], summary="Unblock someone you blocked", request=None,
                   responses={200: StatusSerializer, **errors(401, 404)})
    def delete(self, request, username):
        # Anyone you blocked, even if they blocked you back (and so are hidden from you).
        blocked = get_object_or_404(User.objects.filter(blocks_received__blocker=request.user),
                                    username_is(username))
        services.user_unblock(blocker=request.user, blocked=blocked)
        return Response({"status": "not_blocked"})


# -- lists of people --------------------------------------------------------------------------
# --8<-- [start:people-list]
class PeopleListView(generics.ListAPIView):
    """A time-ordered list of relationship rows, shown as the other person's profiles."""

    serializer_class = ProfileSerializer
    pagination_class = TimelinePagination

    def person_in(self, row):
        """The person a row shows: each list names its side of the relationship."""
        return getattr(row, self.person_field)

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.get_queryset())
        profiles = [self.person_in(row).profile for row in page]
        return self.get_paginated_response(self.get_serializer(profiles, many=True).data)
# --8<-- [end:people-list]


class ConnectionsView(PeopleListView):
    """Followers, following or friends of someone: private accounts show them to followers only."""

    def owner(self):
        if not hasattr(self, "_owner"):
            self._owner = selectors.connections_owner(viewer=self.request.user,
                                                      username_filter=username_is(self.kwargs["username"]))
            if self._owner is None:
                raise NotFound()
        return self._owner


@extend_schema(tags=["social"], summary="Someone's followers", responses=CONNECTIONS_RESPONSES)
class FollowersView(ConnectionsView):
    person_field = "follower"

    def get_queryset(self):
        return selectors.followers_of(self.owner(), viewer=self.request.user)


@extend_schema(tags=["social"], summary="Who someone follows", responses=CONNECTIONS_RESPONSES)
class FollowingView(ConnectionsView):
    person_field = "followee"

    def get_queryset(self):
        return selectors.following_of(self.owner(), viewer=self.request.user)


@extend_schema(tags=["social"], summary="Someone's friends", responses=CONNECTIONS_RESPONSES)
class FriendsView(ConnectionsView):
    def get_queryset(self):
        return selectors.friendships_of(self.owner(), viewer=self.request.user)

    def person_in(self, friendship):
        return friendship.user_high if friendship.user_low_id == self.owner().pk else friendship.user_low


@extend_schema(tags=["social"], summary="Everyone you blocked", responses={
    200: ProfileSerializer(many=True), **errors(400, 401, why_400="A bad cursor or page_size.")})
class BlockListView(PeopleListView):
    """Everyone you blocked, including those who blocked you back: you can always unblock."""

    person_field = "blocked"

    def get_queryset(self):
        return selectors.blocks_made_by(self.request.user)


@extend_schema(tags=["social"], summary="People you may know", responses={
    200: ProfileSerializer(many=True), **errors(400, 401, why_400="A bad page or page_size.")})
class SuggestionsView(generics.ListAPIView):
    """People you may know: friends of friends, and people followed by people you follow."""

    serializer_class = ProfileSerializer
    pagination_class = SuggestionsPagination

    def get_queryset(self):
        return selectors.suggestions_for(self.request.user)
