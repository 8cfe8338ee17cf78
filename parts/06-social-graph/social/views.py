"""
The social graph's API. Every lookup of a person goes through profiles.selectors
(blocked users do not exist for the blocker's victims), every list through rules.py.
"""
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, status
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from core.pagination import StandardPagination, TimelinePagination
from profiles.selectors import users_visible_to
from profiles.serializers import ProfileSerializer, profiles_data
from social import rules, selectors, services
from social.models import Block, Follow, FriendRequest, Friendship
from social.relations import Relations
from social.serializers import FollowRequestSerializer, FriendRequestSerializer, StatusSerializer

User = get_user_model()


def rows_data(view, rows, user_ids) -> list:
    """Serialise a page of rows whose nested profiles share one Relations (fixed queries)."""
    context = {**view.get_serializer_context(), "relations": Relations.between(view.request.user, user_ids)}
    return view.get_serializer_class()(rows, many=True, context=context).data


def person(request, username: str):
    """The user named in the URL, if the viewer may see them; 404 otherwise."""
    return get_object_or_404(users_visible_to(request.user).select_related("profile"), username__iexact=username)


# -- follow ---------------------------------------------------------------------------------
class FollowView(APIView):
    @extend_schema(tags=["social"], request=None, responses={200: StatusSerializer})
    def post(self, request, username):
        follow = services.follow_create(follower=request.user, target=person(request, username))
        label = "following" if follow.status == Follow.Status.ACCEPTED else "requested"
        return Response({"status": label})

    @extend_schema(tags=["social"], request=None, responses={200: StatusSerializer})
    def delete(self, request, username):
        services.follow_delete(follower=request.user, target=person(request, username))
        return Response({"status": "not_following"})


@extend_schema(tags=["social"])
class FollowRequestListView(generics.ListAPIView):
    """Requests to follow you, waiting for your approval."""

    serializer_class = FollowRequestSerializer
    pagination_class = TimelinePagination

    def get_queryset(self):
        return (Follow.objects.filter(followee=self.request.user, status=Follow.Status.REQUESTED,
                                      follower__in=users_visible_to(self.request.user))
                .select_related("follower__profile"))

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(rows_data(self, page, [row.follower_id for row in page]))


class FollowRequestAnswerView(APIView):
    answer = ""

    @extend_schema(tags=["social"], request=None, responses={200: StatusSerializer})
    def post(self, request, pk):
        if self.answer == "accept":
            services.follow_request_accept(owner=request.user, follow_id=pk)
            return Response({"status": "accepted"})
        services.follow_request_reject(owner=request.user, follow_id=pk)
        return Response({"status": "rejected"})


# -- friends --------------------------------------------------------------------------------
class FriendRequestCreateView(APIView):
    @extend_schema(tags=["social"], request=None, responses={200: StatusSerializer})
    def post(self, request, username):
        outcome = services.friend_request_send(sender=request.user, target=person(request, username))
        return Response({"status": outcome})


@extend_schema(tags=["social"], parameters=[
    OpenApiParameter("direction", str, enum=["incoming", "outgoing"], description="Default: incoming")])
class FriendRequestListView(generics.ListAPIView):
    serializer_class = FriendRequestSerializer
    pagination_class = TimelinePagination

    def get_queryset(self):
        direction = self.request.query_params.get("direction", "incoming")
        if direction not in ("incoming", "outgoing"):
            raise ValidationError({"direction": ['Use "incoming" or "outgoing".']})
        mine = {"to_user": self.request.user} if direction == "incoming" else {"from_user": self.request.user}
        other = "from_user" if direction == "incoming" else "to_user"
        return (FriendRequest.objects.filter(**mine, **{f"{other}__in": users_visible_to(self.request.user)})
                .select_related("from_user__profile", "to_user__profile"))

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.get_queryset())
        ids = {user_id for row in page for user_id in (row.from_user_id, row.to_user_id)}
        return self.get_paginated_response(rows_data(self, page, ids))


class FriendRequestAnswerView(APIView):
    answer = ""

    @extend_schema(tags=["social"], request=None, responses={200: StatusSerializer})
    def post(self, request, pk):
        if self.answer == "accept":
            services.friend_request_accept(user=request.user, request_id=pk)
            return Response({"status": "friends"})
        services.friend_request_decline(user=request.user, request_id=pk)
        return Response({"status": "declined"})


class FriendRequestCancelView(APIView):
    @extend_schema(tags=["social"], responses={204: None})
    def delete(self, request, pk):
        services.friend_request_cancel(user=request.user, request_id=pk)
        return Response(status=status.HTTP_204_NO_CONTENT)


class FriendView(APIView):
    @extend_schema(tags=["social"], responses={204: None})
    def delete(self, request, username):
        services.friendship_delete(user=request.user, other=person(request, username))
        return Response(status=status.HTTP_204_NO_CONTENT)


# -- blocks ---------------------------------------------------------------------------------
class BlockView(APIView):
    @extend_schema(tags=["social"], request=None, responses={200: StatusSerializer})
    def post(self, request, username):
        services.user_block(blocker=request.user, blocked=person(request, username))
        return Response({"status": "blocked"})

    @extend_schema(tags=["social"], request=None, responses={200: StatusSerializer})
    def delete(self, request, username):
        # Anyone you blocked, even if they blocked you back (and so are hidden from you).
        blocked = get_object_or_404(User.objects.filter(blocks_received__blocker=request.user),
                                    username__iexact=username)
        services.user_unblock(blocker=request.user, blocked=blocked)
        return Response({"status": "not_blocked"})


# -- lists of people --------------------------------------------------------------------------
class PeopleListView(generics.ListAPIView):
    """A time-ordered list of relationship rows, shown as the other person's profiles."""

    serializer_class = ProfileSerializer
    pagination_class = TimelinePagination
    person_field = ""  # which side of each row is the person to show

    def rows(self):
        raise NotImplementedError

    def get_queryset(self):
        visible = users_visible_to(self.request.user)
        return self.rows().filter(**{f"{self.person_field}__in": visible}).select_related(
            f"{self.person_field}__profile")

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.get_queryset())
        profiles = [getattr(row, self.person_field).profile for row in page]
        return self.get_paginated_response(profiles_data(profiles, request))


class ConnectionsView(PeopleListView):
    """Followers, following or friends of someone: private accounts show them to followers only."""

    def owner(self):
        if not hasattr(self, "_owner"):
            self._owner = person(self.request, self.kwargs["username"])
            if not rules.can_see_connections(self.request.user, self._owner):
                raise NotFound()
        return self._owner


@extend_schema(tags=["social"])
class FollowersView(ConnectionsView):
    person_field = "follower"

    def rows(self):
        return Follow.objects.filter(followee=self.owner(), status=Follow.Status.ACCEPTED)


@extend_schema(tags=["social"])
class FollowingView(ConnectionsView):
    person_field = "followee"

    def rows(self):
        return Follow.objects.filter(follower=self.owner(), status=Follow.Status.ACCEPTED)


@extend_schema(tags=["social"])
class FriendsView(ConnectionsView):
    def get_queryset(self):
        owner = self.owner()
        visible = users_visible_to(self.request.user)
        return (Friendship.objects
                .filter(Q(user_low=owner, user_high__in=visible) | Q(user_high=owner, user_low__in=visible))
                .select_related("user_low__profile", "user_high__profile"))

    def list(self, request, *args, **kwargs):
        owner_id = self.owner().pk
        page = self.paginate_queryset(self.get_queryset())
        profiles = [(row.user_high if row.user_low_id == owner_id else row.user_low).profile for row in page]
        return self.get_paginated_response(profiles_data(profiles, request))


@extend_schema(tags=["social"])
class BlockListView(PeopleListView):
    """Everyone you blocked, including those who blocked you back: you can always unblock."""

    person_field = "blocked"

    def get_queryset(self):
        return Block.objects.filter(blocker=self.request.user).select_related("blocked__profile")


@extend_schema(tags=["social"])
class SuggestionsView(generics.ListAPIView):
    """People you may know: friends of friends, and people followed by people you follow."""

    serializer_class = ProfileSerializer
    pagination_class = StandardPagination

    def get_queryset(self):
        return selectors.suggestions_for(self.request.user)

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(profiles_data(page, request))
