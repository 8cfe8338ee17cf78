"""How the API reads JSON bodies: DRF's parser, plus a depth limit it does not have."""
from rest_framework import parsers
from rest_framework.exceptions import ParseError


# --8<-- [start:json-parser]
class JSONParser(parsers.JSONParser):
    """
    Python's json module goes one level deeper into its own code for every level of
    nesting, so `[[[[...]]]]` 100,000 levels deep runs out of stack: a RecursionError,
    which DRF does not catch, so a 500. It is the client's mistake, so it is a 400.
    """

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            return super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise ParseError("JSON parse error - the body is nested too deeply.") from None
# --8<-- [end:json-parser]
