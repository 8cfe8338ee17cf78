from rest_framework.response import Response

from core.pagination import StandardPagination


class SuggestionsPagination(StandardPagination):
    """
    Numbered pages through the ranked suggestions. No count: the ranking keeps only the
    best (social.selectors.SUGGESTIONS_KEPT), so a total would be a made-up number.
    """

    def get_paginated_response(self, data):
        return Response({"next": self.get_next_link(), "previous": self.get_previous_link(), "results": data})

    def get_paginated_response_schema(self, schema):
        paginated = super().get_paginated_response_schema(schema)
        del paginated["properties"]["count"]
        paginated["required"] = ["next", "previous", "results"]
        return paginated
