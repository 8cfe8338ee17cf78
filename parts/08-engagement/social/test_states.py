"""The follow state machine, tested as a graph."""
from social.states import ACCEPTED, FOLLOW_TRANSITIONS, MOVES, REQUESTED, can_move, move_allowed


def test_every_state_can_end_the_relationship_or_move_on():
    assert can_move(None, REQUESTED) and can_move(None, ACCEPTED)
    assert can_move(REQUESTED, ACCEPTED) and can_move(REQUESTED, None)
    assert can_move(ACCEPTED, None)


def test_an_accepted_follow_never_goes_back_to_requested():
    assert not can_move(ACCEPTED, REQUESTED)
    assert not can_move(ACCEPTED, ACCEPTED)


def test_every_state_is_reachable_from_nothing():
    reached, frontier = {None}, [None]
    while frontier:
        for following in FOLLOW_TRANSITIONS[frontier.pop()]:
            if following not in reached:
                reached.add(following)
                frontier.append(following)
    assert reached == set(FOLLOW_TRANSITIONS)


def test_each_named_move_starts_from_one_state():
    assert move_allowed("accept", REQUESTED) and not move_allowed("accept", ACCEPTED)
    assert move_allowed("cancel", REQUESTED) and not move_allowed("cancel", ACCEPTED)
    assert move_allowed("unfollow", ACCEPTED) and not move_allowed("unfollow", REQUESTED)
    assert move_allowed("request", None) and not move_allowed("request", REQUESTED)


def test_the_transition_table_is_made_of_the_named_moves():
    assert {(move.source, move.target) for move in MOVES.values()} == {
        (source, target) for source, targets in FOLLOW_TRANSITIONS.items() for target in targets}
