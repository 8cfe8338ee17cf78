"""
The comments and reactions API. Every post is looked up through Post.objects.visible_to
and every comment through Comment.objects.visible_to: what the viewer may not see is a
404, exactly as if it did not exist. Changes go through engagement.services.
"""
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import generics, status
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from core.openapi import errors
from core.pagination import StrictCursorPagination, TimelinePagination
from core.parsers import JSONParser
from engagement import services
from engagement.counts import reaction_counts_of
from engagement.models import Comment, CommentReaction, PostReaction, Reaction
from engagement.rules import reactor_visible_to
from engagement.serializers import (CommentCreateSerializer, CommentSerializer, CommentUpdateSerializer,
                                    ReactionAnswerSerializer, ReactionSerializer, ReactorSerializer)
from posts.views import visible_post

LIST_ERRORS = errors(400, 401, 404, why_400="A bad cursor or page_size.")
NOT_YOURS = "You can see this comment, but it is not yours (code: not_the_author)."


def visible_comment(request, pk: int) -> Comment:
    """The comment named in the URL, if the viewer may see it; 404 otherwise."""
    return get_object_or_404(Comment.objects.visible_to(request.user).select_related("post"), pk=pk)


def comment_answer(request, pk: int, status_code: int = status.HTTP_200_OK) -> Response:
    """The comment as JSON, with its counts (Comment.objects.for_display)."""
    comment = get_object_or_404(Comment.objects.visible_to(request.user).for_display(request.user), pk=pk)
    return Response(CommentSerializer(comment, context={"request": request}).data, status=status_code)


# --8<-- [start:conversation]
class ConversationPagination(StrictCursorPagination):
    """Oldest first, as a conversation reads, with opaque cursors."""

    ordering = ("created_at", "pk")
# --8<-- [end:conversation]


# -- comments -------------------------------------------------------------------------------
# --8<-- [start:comment-views]
class PostCommentsView(generics.ListAPIView):
    serializer_class = CommentSerializer
    pagination_class = ConversationPagination
    parser_classes = [JSONParser]

    @extend_schema(tags=["engagement"], summary="The comments on a post, oldest first (replies: see each comment)",
                   responses={200: CommentSerializer(many=True), **LIST_ERRORS})
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        post = visible_post(self.request, self.kwargs["pk"])
        viewer = self.request.user
        return Comment.objects.visible_to(viewer).for_display(viewer).filter(post=post, parent=None)

    @extend_schema(tags=["engagement"], summary="Comment on a post, or reply to one of its comments",
                   request=CommentCreateSerializer, responses={201: CommentSerializer, **errors(
                       400, 401, 404, 413, why_400="The text is empty or longer than 1,000 characters; or the "
                                                   "parent is no comment of this post that you can see.")})
    def post(self, request, pk):
        post = visible_post(request, pk)
        given = CommentCreateSerializer(data=request.data, context={"post": post, "viewer": request.user})
        given.is_valid(raise_exception=True)
        comment = services.comment_create(author=request.user, post=post, **given.validated_data)
        return comment_answer(request, comment.pk, status.HTTP_201_CREATED)
# --8<-- [end:comment-views]


@extend_schema(tags=["engagement"], summary="The direct replies to a comment, oldest first",
               responses={200: CommentSerializer(many=True), **LIST_ERRORS})
class CommentRepliesView(generics.ListAPIView):
    serializer_class = CommentSerializer
    pagination_class = ConversationPagination

    def get_queryset(self):
        comment = visible_comment(self.request, self.kwargs["pk"])
        viewer = self.request.user
        # The post too: the thread index starts with it
        return Comment.objects.visible_to(viewer).for_display(viewer).filter(post=comment.post_id, parent=comment)


class CommentDetailView(APIView):
    parser_classes = [JSONParser]

    @extend_schema(tags=["engagement"], summary="A comment", responses={200: CommentSerializer, **errors(401, 404)})
    def get(self, request, pk):
        return comment_answer(request, pk)

    @extend_schema(tags=["engagement"], summary="Edit your comment", request=CommentUpdateSerializer,
                   responses={200: CommentSerializer, **errors(
                       400, 401, 403, 404, 413, why_400="The text is empty or longer than 1,000 characters.",
                       why_403=NOT_YOURS)})
    def patch(self, request, pk):
        comment = visible_comment(request, pk)
        changes = CommentUpdateSerializer(data=request.data)
        changes.is_valid(raise_exception=True)
        services.comment_edit(comment=comment, editor=request.user, text=changes.validated_data["text"])
        return comment_answer(request, pk)

    @extend_schema(tags=["engagement"], summary="Delete a comment, with its replies (yours, or one on your post)",
                   responses={204: None, **errors(401, 403, 404, why_403="You can see this comment, but neither "
                                                                          "it nor the post is yours "
                                                                          "(code: not_the_author).")})
    def delete(self, request, pk):
        services.comment_delete(comment=visible_comment(request, pk), editor=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


# -- reactions ------------------------------------------------------------------------------
class OnPosts:
    """Reactions to the post in the URL, looked up through the posts' rule."""

    model, field, find = PostReaction, "post", staticmethod(visible_post)


class OnComments:
    """Reactions to the comment in the URL, looked up through the comments' rule."""

    model, field, find = CommentReaction, "comment", staticmethod(visible_comment)


# --8<-- [start:reaction-view]
class ReactionView(APIView):
    """PUT sets your reaction (creating or replacing it), DELETE takes it back."""

    parser_classes = [JSONParser]

    def put(self, request, pk):
        target = {self.field: self.find(request, pk)}
        given = ReactionSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        kind = given.validated_data["type"]
        services.react(user=request.user, type=kind, **target)
        counts = reaction_counts_of(self.model.objects.filter(**target))
        return Response(ReactionAnswerSerializer({"type": kind, "reaction_counts": counts, "my_reaction": kind}).data)

    def delete(self, request, pk):
        services.unreact(user=request.user, **{self.field: self.find(request, pk)})
        return Response(status=status.HTTP_204_NO_CONTENT)
# --8<-- [end:reaction-view]


def reaction_schema(thing: str):
    return extend_schema_view(
        put=extend_schema(tags=["engagement"], summary=f"React to a {thing} (a second reaction replaces the first)",
                          request=ReactionSerializer, responses={200: ReactionAnswerSerializer, **errors(
                              400, 401, 404, 413, why_400="An unknown type.")}),
        delete=extend_schema(tags=["engagement"], summary=f"Take back your reaction to a {thing} "
                                                          "(fine when there is none)",
                             responses={204: None, **errors(401, 404)}))


@reaction_schema("post")
class PostReactionView(OnPosts, ReactionView):
    pass


@reaction_schema("comment")
class CommentReactionView(OnComments, ReactionView):
    pass


# --8<-- [start:reactions-list]
class ReactionsListView(generics.ListAPIView):
    """Who reacted, newest first: only people the viewer may see (and has not blocked)."""

    serializer_class = ReactorSerializer
    pagination_class = TimelinePagination

    def get_queryset(self):
        reactions = self.model.objects.filter(**{self.field: self.find(self.request, self.kwargs["pk"])})
        reactions = reactions.filter(reactor_visible_to(self.request.user)).select_related("user__profile")
        kind = self.request.query_params.get("type")
        if kind is None:
            return reactions
        if kind not in Reaction.Type.values:
            raise ValidationError({"type": [f"One of: {', '.join(Reaction.Type.values)}."]}, code="invalid_choice")
        return reactions.filter(type=kind)
# --8<-- [end:reactions-list]


def reactions_list_schema(thing: str):
    return extend_schema(
        tags=["engagement"], summary=f"Who reacted to a {thing}, newest first",
        parameters=[OpenApiParameter("type", str, enum=Reaction.Type.values, required=False,
                                     description="Only the people who reacted this way.")],
        responses={200: ReactorSerializer(many=True), **errors(
            400, 401, 404, why_400="A bad cursor or page_size, or an unknown type.")})


@reactions_list_schema("post")
class PostReactionsView(OnPosts, ReactionsListView):
    pass


@reactions_list_schema("comment")
class CommentReactionsView(OnComments, ReactionsListView):
    pass
