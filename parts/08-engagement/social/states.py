"""
The follow relationship as a state machine: its states, and the named moves between
them. `None` means "no relationship". The services in social/services.py make every
change through one of these moves (`_move`), so a change the table does not allow is
refused (409) instead of silently corrupting the relationship.
"""
from typing import NamedTuple

from social.models import Follow

REQUESTED, ACCEPTED = Follow.Status.REQUESTED, Follow.Status.ACCEPTED


class Move(NamedTuple):
    source: str | None
    target: str | None


# --8<-- [start:moves]
MOVES: dict[str, Move] = {
    "request": Move(None, REQUESTED),   # ask to follow a private account
    "follow": Move(None, ACCEPTED),     # follow a public account
    "accept": Move(REQUESTED, ACCEPTED),  # the owner approves the request
    "reject": Move(REQUESTED, None),    # the owner says no
    "cancel": Move(REQUESTED, None),    # the requester takes the request back
    "unfollow": Move(ACCEPTED, None),   # the follower leaves
    "remove": Move(ACCEPTED, None),     # the follow is ended from the other side (a block)
}
# --8<-- [end:moves]

FOLLOW_TRANSITIONS: dict[str | None, set[str | None]] = {}
for _move in MOVES.values():
    FOLLOW_TRANSITIONS.setdefault(_move.source, set()).add(_move.target)


def can_move(current: str | None, wanted: str | None) -> bool:
    return wanted in FOLLOW_TRANSITIONS.get(current, set())


def move_allowed(name: str, current: str | None) -> bool:
    """May the move called `name` start from the state `current`?"""
    return MOVES[name].source == current
