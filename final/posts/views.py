"""
The posts API. Every post a view shows or changes is looked up through
Post.objects.visible_to(viewer): a post the viewer may not see is a 404, exactly as if
it did not exist. Changes go through posts.services.
"""
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, status
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from core.openapi import errors
from core.pagination import StrictCursorPagination, TimelinePagination
from core.parsers import JSONParser
from posts import services
from posts.models import Post, PostEdit
from posts.parsing import normalise_tag
from posts.serializers import (PostCreateSerializer, PostEditSerializer, PostSerializer, PostUpdateSerializer,
                               ShareSerializer)
from profiles.selectors import username_is, users_visible_to

LIST_ERRORS = errors(400, 401, why_400="A bad cursor or page_size.")


def visible_post(request, pk: int) -> Post:
    """The post named in the URL, if the viewer may see it; 404 otherwise."""
    return get_object_or_404(Post.objects.visible_to(request.user), pk=pk)


def post_answer(request, pk: int, status_code: int = status.HTTP_200_OK) -> Response:
    """The post as JSON, with everything it shows (Post.objects.for_display)."""
    post = get_object_or_404(Post.objects.visible_to(request.user).for_display(request.user), pk=pk)
    return Response(PostSerializer(post, context={"request": request}).data, status=status_code)


# --8<-- [start:create-view]
class PostCreateView(APIView):
    # JSON for text-only posts, a multipart form for posts with files.
    parser_classes = [JSONParser, MultiPartParser]

    @extend_schema(tags=["posts"], summary="Write a post, with up to ten images or videos",
                   request={"application/json": PostCreateSerializer, "multipart/form-data": PostCreateSerializer},
                   responses={201: PostSerializer, **errors(
                       400, 401, 413, why_400="A field is wrong: text (too long, or no text and no media), "
                                              "visibility, quote_policy, media (too many, or a file that is not an accepted "
                                              "image or video; the message names the file) or alt_text.")})
    def post(self, request):
        given = PostCreateSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        post = services.post_create(author=request.user, text=given.validated_data["text"],
                                    visibility=given.validated_data["visibility"],
                                    quote_policy=given.validated_data["quote_policy"],
                                    media=given.validated_data["media"], alt_texts=given.validated_data["alt_text"])
        return post_answer(request, post.pk, status.HTTP_201_CREATED)
# --8<-- [end:create-view]


class PostDetailView(APIView):
    parser_classes = [JSONParser]

    @extend_schema(tags=["posts"], summary="A post", responses={200: PostSerializer, **errors(401, 404)})
    def get(self, request, pk):
        return post_answer(request, pk)

    @extend_schema(tags=["posts"], summary="Edit your post's text, visibility or quote policy (media stay as posted)",
                   request=PostUpdateSerializer, responses={200: PostSerializer, **errors(
                       400, 401, 403, 404, 413, why_400="The text is too long, or empty on a post without media; "
                                                        "text added to a repost or taken from a quote; "
                                                        "or an unknown visibility or quote policy.",
                       why_403="You can see this post, but it is not yours (code: not_the_author).")})
    def patch(self, request, pk):
        post = visible_post(request, pk)
        changes = PostUpdateSerializer(data=request.data)
        changes.is_valid(raise_exception=True)
        services.post_edit(post=post, editor=request.user, **changes.validated_data)
        return post_answer(request, pk)

    @extend_schema(tags=["posts"], summary="Delete your post and its files", responses={204: None, **errors(
        401, 403, 404, why_403="You can see this post, but it is not yours (code: not_the_author).")})
    def delete(self, request, pk):
        services.post_delete(post=visible_post(request, pk), editor=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


# --8<-- [start:share-view]
class PostShareView(APIView):
    parser_classes = [JSONParser]

    @extend_schema(tags=["posts"], summary="Share a post: a repost without text, a quote with text",
                   request=ShareSerializer, responses={
                       201: PostSerializer, 200: PostSerializer, **errors(
                           400, 401, 403, 404, 413, why_400="The text is too long, or an unknown visibility.",
                           why_403="Its author does not let you quote it (code: quote_not_allowed).")},
                   description="A second repost of the same post is 200 with the first one: one repost per person.")
    def post(self, request, pk):
        original = visible_post(request, pk)
        given = ShareSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        share, created = services.post_share(sharer=request.user, post=original, **given.validated_data)
        return post_answer(request, share.pk, status.HTTP_201_CREATED if created else status.HTTP_200_OK)
# --8<-- [end:share-view]


class HistoryPagination(StrictCursorPagination):
    ordering = ("-edited_at", "-pk")


@extend_schema(tags=["posts"], summary="A post's edit history, newest first (the text before each edit)",
               responses={200: PostEditSerializer(many=True), **errors(
                   400, 401, 404, why_400="A bad cursor or page_size.")})
class PostHistoryView(generics.ListAPIView):
    serializer_class = PostEditSerializer
    pagination_class = HistoryPagination

    def get_queryset(self):
        return PostEdit.objects.filter(post=visible_post(self.request, self.kwargs["pk"]))


class PostListView(generics.ListAPIView):
    """A time-ordered page of posts, each shown with everything it carries."""

    serializer_class = PostSerializer
    pagination_class = TimelinePagination

    def visible_posts(self):
        return Post.objects.visible_to(self.request.user).for_display(self.request.user)


# --8<-- [start:list-views]
@extend_schema(tags=["posts"], summary="Someone's posts that you may see, newest first", responses={
    200: PostSerializer(many=True), **errors(400, 401, 404, why_400="A bad cursor or page_size.",
                                             why_404="No such person, or one hidden from you.")})
class UserPostsView(PostListView):
    def get_queryset(self):
        author = get_object_or_404(users_visible_to(self.request.user).only("pk"), username_is(self.kwargs["username"]))
        return self.visible_posts().filter(author=author)


@extend_schema(tags=["posts"], summary="Posts with a hashtag that you may see, newest first", parameters=[
    OpenApiParameter("tag", str, OpenApiParameter.PATH, description="The tag, with or without its #, any letter case")],
    responses={200: PostSerializer(many=True), **LIST_ERRORS})
class HashtagPostsView(PostListView):
    """An unknown tag is an empty list, never a 404: a tag used only in hidden posts looks like any unused one."""

    def get_queryset(self):
        name = normalise_tag(self.kwargs["tag"])
        if name is None:
            return Post.objects.none()
        return self.visible_posts().filter(post_hashtags__hashtag__name=name)
# --8<-- [end:list-views]
