"""
The `<username:...>` URL converter: a path segment that could be a username, or no match.

Usernames are letters, digits and underscores (accounts.models.username_validator), so
anything else in that place of a URL (a NUL byte, a dot, a percent sign) is a 404 before a
view runs: PostgreSQL refuses NUL bytes in text, and a query with one would be a 500.
"""


class UsernameConverter:
    regex = r"[A-Za-z0-9_]{1,30}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value
