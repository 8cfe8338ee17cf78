from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, status
from rest_framework.exceptions import ValidationError
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from profiles import selectors, services
from profiles.images import InvalidImage
from profiles.serializers import AvatarUploadSerializer, MyProfileSerializer, ProfileSerializer, profiles_data


@extend_schema(tags=["users"], parameters=[
    OpenApiParameter("search", str, description="Part of a username or display name")])
class UserSearchView(generics.ListAPIView):
    serializer_class = ProfileSerializer

    def get_queryset(self):
        return selectors.profile_search(viewer=self.request.user,
                                        query=self.request.query_params.get("search", ""))

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(profiles_data(page, request))


@extend_schema(tags=["users"])
class UserDetailView(generics.RetrieveAPIView):
    serializer_class = ProfileSerializer

    def get_object(self):
        return get_object_or_404(selectors.profiles_visible_to(self.request.user),
                                 user__username__iexact=self.kwargs["username"])


@extend_schema(tags=["users"])
class MyProfileView(generics.RetrieveUpdateAPIView):
    serializer_class = MyProfileSerializer
    http_method_names = ["get", "patch", "options"]

    def get_object(self):
        return self.request.user.profile

    def perform_update(self, serializer):
        services.profile_update(profile=serializer.instance, **serializer.validated_data)


class MyAvatarView(APIView):
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(tags=["users"], request={"multipart/form-data": AvatarUploadSerializer},
                   responses={200: MyProfileSerializer})
    def put(self, request):
        upload = AvatarUploadSerializer(data=request.data)
        upload.is_valid(raise_exception=True)
        try:
            profile = services.avatar_set(profile=request.user.profile, upload=upload.validated_data["avatar"])
        except InvalidImage as problem:
            raise ValidationError({"avatar": [str(problem)]}) from None
        return Response(MyProfileSerializer(profile, context={"request": request}).data)

    @extend_schema(tags=["users"], responses={204: None})
    def delete(self, request):
        services.avatar_remove(profile=request.user.profile)
        return Response(status=status.HTTP_204_NO_CONTENT)
