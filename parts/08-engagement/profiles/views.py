from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import generics, status
from rest_framework.exceptions import ValidationError
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from core.openapi import errors
from core.parsers import JSONParser
from core.pagination import StrictCursorPagination
from profiles import selectors, services
from profiles.images import InvalidImage
from profiles.serializers import AvatarUploadSerializer, MyProfileSerializer, ProfileSerializer, SearchParamsSerializer


class SearchPagination(StrictCursorPagination):
    """Keyset paging in username order: page 460 costs what page 1 costs, and no COUNT(*)."""

    ordering = ("username",)


@extend_schema(tags=["users"], summary="Find people by username or display name", parameters=[SearchParamsSerializer],
               responses={200: ProfileSerializer(many=True), **errors(400, 401)})
class UserSearchView(generics.ListAPIView):
    serializer_class = ProfileSerializer
    pagination_class = SearchPagination

    def get_queryset(self):
        params = SearchParamsSerializer(data=self.request.query_params)
        params.is_valid(raise_exception=True)  # a NUL byte or a novel-length query: 400
        return selectors.profile_search(viewer=self.request.user, query=params.validated_data["search"])


# --8<-- [start:user-detail]
@extend_schema(tags=["users"], summary="Someone's profile", responses={200: ProfileSerializer, **errors(401, 404)})
class UserDetailView(generics.RetrieveAPIView):
    serializer_class = ProfileSerializer

    def get_object(self):
        username = selectors.username_is(self.kwargs["username"], "user__username")
        return get_object_or_404(selectors.profiles_visible_to(self.request.user).filter(username))
# --8<-- [end:user-detail]


@extend_schema_view(
    get=extend_schema(tags=["users"], summary="Your own profile", responses={200: MyProfileSerializer, **errors(401)}),
    patch=extend_schema(tags=["users"], summary="Edit your profile",
                        responses={200: MyProfileSerializer, **errors(400, 401)}),
)
class MyProfileView(generics.RetrieveUpdateAPIView):
    serializer_class = MyProfileSerializer
    http_method_names = ["get", "patch", "options"]
    # JSON only: a form has no null, so an empty form field would quietly mean "none".
    # The avatar, the one file, has its own multipart endpoint.
    parser_classes = [JSONParser]

    def get_object(self):
        return self.request.user.profile

    def perform_update(self, serializer):
        services.profile_update(profile=serializer.instance, **serializer.validated_data)


class MyAvatarView(APIView):
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(tags=["users"], summary="Upload your avatar", request={"multipart/form-data": AvatarUploadSerializer},
                   responses={200: MyProfileSerializer,
                              **errors(400, 401, why_400="Not an image, or one too large (field: avatar).")})
    def put(self, request):
        upload = AvatarUploadSerializer(data=request.data)
        upload.is_valid(raise_exception=True)
        try:
            profile = services.avatar_set(profile=request.user.profile, upload=upload.validated_data["avatar"])
        except InvalidImage as problem:
            raise ValidationError({"avatar": [str(problem)]}) from None
        return Response(MyProfileSerializer(profile, context={"request": request}).data)

    @extend_schema(tags=["users"], summary="Remove your avatar", responses={204: None, **errors(401)})
    def delete(self, request):
        services.avatar_remove(profile=request.user.profile)
        return Response(status=status.HTTP_204_NO_CONTENT)
