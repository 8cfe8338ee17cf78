"""The reaction fields that the JSON of posts and comments shares, read from engagement.counts' annotations."""
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from engagement.models import Reaction


@extend_schema_field(serializers.DictField(
    child=serializers.IntegerField(), help_text="Each of the six types (like, love, haha, wow, sad, angry): a total, "
                                                "zeros included."))
class ReactionCountsField(serializers.Field):
    """{"like": 3, "love": 0, ...} from the object's `<type>_count` annotations."""

    def __init__(self, **kwargs):
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, counted) -> dict[str, int]:
        return {kind: getattr(counted, f"{kind}_count") for kind in Reaction.Type.values}


class MyReactionField(serializers.ChoiceField):
    """The viewer's own reaction, or null, from the `my_reaction` annotation."""

    def __init__(self, **kwargs):
        super().__init__(choices=Reaction.Type.choices, read_only=True, allow_null=True,
                         help_text="Your reaction, or null.", **kwargs)
