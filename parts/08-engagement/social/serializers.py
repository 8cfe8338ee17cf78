from rest_framework import serializers

from profiles.serializers import ProfileSerializer, WithRelationsListSerializer


class StatusSerializer(serializers.Serializer):
    status = serializers.CharField()


class FollowRequestSerializer(serializers.Serializer):
    id = serializers.CharField(read_only=True)
    user = ProfileSerializer(source="follower.profile", read_only=True)
    created_at = serializers.DateTimeField(read_only=True)

    class Meta:
        list_serializer_class = WithRelationsListSerializer

    @staticmethod
    def profiles_in(row) -> list:
        return [row.follower.profile]


class FriendRequestSerializer(serializers.Serializer):
    id = serializers.CharField(read_only=True)
    from_user = ProfileSerializer(source="from_user.profile", read_only=True)
    to_user = ProfileSerializer(source="to_user.profile", read_only=True)
    created_at = serializers.DateTimeField(read_only=True)

    class Meta:
        list_serializer_class = WithRelationsListSerializer

    @staticmethod
    def profiles_in(row) -> list:
        return [row.from_user.profile, row.to_user.profile]
