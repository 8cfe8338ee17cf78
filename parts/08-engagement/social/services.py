"""
Every change to the social graph, each one transaction. The functions that create a
relationship first lock the two users' rows, so two requests about the same pair (a
double click, two people befriending each other at the same moment, a block arriving
while a request is accepted) run one after the other, never interleaved.

Each transaction also updates the counts on the profiles (social.counters), so a count
can never disagree with the rows it counts, and forgets the two people's cached
suggestions once it has committed.
"""
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.shortcuts import get_object_or_404
from rest_framework.exceptions import NotFound

from social import counters
from social.errors import AlreadyFriends, CannotTargetYourself, InvalidTransition, YouBlockedThem
from social.models import Block, Follow, FriendRequest, Friendship
from social.selectors import forget_suggestions
from social.states import ACCEPTED, MOVES, move_allowed

User = get_user_model()


def _lock_pair(a, b) -> None:
    # Always in id order, so two transactions never wait on each other in a circle.
    list(User.objects.select_for_update().filter(pk__in=[a.pk, b.pk]).order_by("pk"))


def _check_target(actor, target) -> None:
    """Refuse yourself and blocked pairs; lock the pair for the rest of the transaction."""
    if actor.pk == target.pk:
        raise CannotTargetYourself()
    _lock_pair(actor, target)
    transaction.on_commit(lambda: forget_suggestions(actor.pk, target.pk))
    if Block.objects.filter(blocker=target, blocked=actor).exists():
        raise NotFound()  # to a blocked user, the blocker does not exist
    if Block.objects.filter(blocker=actor, blocked=target).exists():
        raise YouBlockedThem()


# --8<-- [start:move]
def _move(follow: Follow, name: str) -> None:
    """Make the named move (social.states.MOVES) on an existing follow, counts included."""
    if not move_allowed(name, follow.status):
        raise InvalidTransition()
    was_counted = follow.status == ACCEPTED
    target = MOVES[name].target
    if target is None:
        follow.delete()
    else:
        follow.status = target
        follow.save(update_fields=["status"])
    now_counted = target == ACCEPTED
    if was_counted != now_counted:
        counters.follow_counted(follow.follower_id, follow.followee_id, +1 if now_counted else -1)
# --8<-- [end:move]


# -- follows ------------------------------------------------------------------------------------
# --8<-- [start:follow-create]
@transaction.atomic
def follow_create(*, follower, target) -> Follow:
    """Follow `target` (move "follow"); a private account gets a request instead ("request")."""
    _check_target(follower, target)
    existing = Follow.objects.filter(follower=follower, followee=target).first()
    if existing:
        return existing  # following twice changes nothing
    move = MOVES["request"] if target.profile.is_private else MOVES["follow"]
    follow = Follow.objects.create(follower=follower, followee=target, status=move.target)
    if follow.status == ACCEPTED:
        counters.follow_counted(follower.pk, target.pk, +1)
    return follow
# --8<-- [end:follow-create]


@transaction.atomic
def follow_delete(*, follower, target) -> None:
    """Unfollow, or cancel a pending request. Nothing to delete is fine too."""
    follow = Follow.objects.select_for_update().filter(follower=follower, followee=target).first()
    if follow is not None:
        _move(follow, "unfollow" if follow.status == ACCEPTED else "cancel")
        transaction.on_commit(lambda: forget_suggestions(follower.pk, target.pk))


def _incoming_request(owner, follow_id) -> Follow:
    return get_object_or_404(Follow.objects.select_for_update(), pk=follow_id, followee=owner)


@transaction.atomic
def follow_request_accept(*, owner, follow_id) -> Follow:
    follow = _incoming_request(owner, follow_id)
    _move(follow, "accept")
    transaction.on_commit(lambda: forget_suggestions(owner.pk, follow.follower_id))
    return follow


@transaction.atomic
def follow_request_reject(*, owner, follow_id) -> None:
    _move(_incoming_request(owner, follow_id), "reject")


# -- friends ------------------------------------------------------------------------------------
def _befriend(a, b) -> Friendship:
    low, high = Friendship.ordered(a, b)
    friendship, created = Friendship.objects.get_or_create(user_low=low, user_high=high)
    if created:
        counters.friendship_counted(a.pk, b.pk, +1)
    FriendRequest.objects.filter(Q(from_user=a, to_user=b) | Q(from_user=b, to_user=a)).delete()
    return friendship


# --8<-- [start:friend-request-send]
@transaction.atomic
def friend_request_send(*, sender, target) -> str:
    """Ask `target` to be friends; if they already asked you, you are friends now."""
    _check_target(sender, target)
    low, high = Friendship.ordered(sender, target)
    if Friendship.objects.filter(user_low=low, user_high=high).exists():
        raise AlreadyFriends()
    if FriendRequest.objects.filter(from_user=target, to_user=sender).exists():
        _befriend(sender, target)  # the two requests cross: that is a yes from both
        return "friends"
    FriendRequest.objects.get_or_create(from_user=sender, to_user=target)
    return "requested"
# --8<-- [end:friend-request-send]


def _request_for(user, request_id, *, incoming: bool) -> FriendRequest:
    side = {"to_user": user} if incoming else {"from_user": user}
    return get_object_or_404(FriendRequest.objects.select_related("from_user", "to_user"), pk=request_id, **side)


@transaction.atomic
def friend_request_accept(*, user, request_id) -> Friendship:
    request = _request_for(user, request_id, incoming=True)
    _lock_pair(request.from_user, user)
    # Read again under the lock: a block (which deletes requests) may have come first.
    request = _request_for(user, request_id, incoming=True)
    transaction.on_commit(lambda: forget_suggestions(request.from_user_id, user.pk))
    return _befriend(request.from_user, user)


@transaction.atomic
def friend_request_decline(*, user, request_id) -> None:
    _request_for(user, request_id, incoming=True).delete()


@transaction.atomic
def friend_request_cancel(*, user, request_id) -> None:
    _request_for(user, request_id, incoming=False).delete()


@transaction.atomic
def friendship_delete(*, user, other) -> None:
    low, high = Friendship.ordered(user, other)
    deleted, _ = Friendship.objects.filter(user_low=low, user_high=high).delete()
    if deleted:
        counters.friendship_counted(user.pk, other.pk, -1)
        transaction.on_commit(lambda: forget_suggestions(user.pk, other.pk))


# -- blocks -------------------------------------------------------------------------------------
# --8<-- [start:user-block]
@transaction.atomic
def user_block(*, blocker, blocked) -> Block:
    """Block someone: every tie between the two goes, both ways, in one transaction."""
    if blocker.pk == blocked.pk:
        raise CannotTargetYourself()
    _lock_pair(blocker, blocked)
    transaction.on_commit(lambda: forget_suggestions(blocker.pk, blocked.pk))
    block, _ = Block.objects.get_or_create(blocker=blocker, blocked=blocked)
    pair = Q(follower=blocker, followee=blocked) | Q(follower=blocked, followee=blocker)
    for follow in Follow.objects.filter(pair):
        _move(follow, "remove" if follow.status == ACCEPTED else "reject")
    FriendRequest.objects.filter(Q(from_user=blocker, to_user=blocked) | Q(from_user=blocked, to_user=blocker)).delete()
    friendship_delete(user=blocker, other=blocked)
    return block
# --8<-- [end:user-block]


@transaction.atomic
def user_unblock(*, blocker, blocked) -> None:
    Block.objects.filter(blocker=blocker, blocked=blocked).delete()
