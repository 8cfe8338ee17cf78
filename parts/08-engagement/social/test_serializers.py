"""Profiles serialise safely wherever they appear: alone, in a page, or nested in a request."""
import pytest
from rest_framework.test import APIRequestFactory

from profiles.models import Profile
from profiles.serializers import ProfileSerializer
from social import services
from social.serializers import FollowRequestSerializer

pytestmark = pytest.mark.django_db


def context_for(user) -> dict:
    request = APIRequestFactory().get("/")
    request.user = user
    return {"request": request}


def test_a_profile_alone_looks_up_its_own_flags(people):
    services.follow_create(follower=people.ann, target=people.bob)

    bob = Profile.objects.select_related("user").get(user=people.bob)  # with the count the follow added

    data = ProfileSerializer(bob, context=context_for(people.ann)).data

    assert data["relationship"]["following"] is True
    assert data["followers_count"] == 1


def test_a_profile_without_a_request_has_no_flags_set(people):
    # In a shell or a task there is no viewer: nothing to compare with, and no crash.
    assert not any(ProfileSerializer(people.bob.profile).data["relationship"].values())


def test_a_follow_request_nested_alone_is_serialised_too(people):
    # Before, the nested profile needed "relations" in the context: a 500 outside lists.
    services.friend_request_send(sender=people.bob, target=people.ann)
    services.follow_create(follower=people.ann, target=people.bob)
    people.ann.profile.is_private = True
    people.ann.profile.save()
    request = services.follow_create(follower=people.bob, target=people.ann)

    data = FollowRequestSerializer(request, context=context_for(people.ann)).data

    assert data["user"]["username"] == "bob"
    assert data["user"]["relationship"]["following"] is True


def test_a_page_of_follow_requests_asks_for_the_flags_once(people, make_user, django_assert_num_queries):
    people.ann.profile.is_private = True
    people.ann.profile.save()
    requests = []
    for index in range(4):
        fan = make_user(email=f"fan{index}@example.com", username=f"fan{index}")
        requests.append(services.follow_create(follower=fan, target=people.ann))
    rows = list(people.ann.follower_links.select_related("follower__profile"))

    with django_assert_num_queries(1):
        data = FollowRequestSerializer(rows, many=True, context=context_for(people.ann)).data

    assert len(data) == 4
