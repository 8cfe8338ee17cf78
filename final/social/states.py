"""
The follow relationship as a state machine: its states, and the only moves allowed.
`None` means "no relationship". The services in social/services.py check every change
against this table (`_move`) before they make it.
"""
from social.models import Follow

REQUESTED, ACCEPTED = Follow.Status.REQUESTED, Follow.Status.ACCEPTED

FOLLOW_TRANSITIONS: dict[str | None, set[str | None]] = {
    None: {REQUESTED, ACCEPTED},  # follow: a private account gets a request, others a follower
    REQUESTED: {ACCEPTED, None},  # the owner approves, or rejects (the requester may cancel)
    ACCEPTED: {None},             # unfollow, or the owner removes a follower
}


def can_move(current: str | None, wanted: str | None) -> bool:
    return wanted in FOLLOW_TRANSITIONS.get(current, set())
