"""
Hashtags and mentions in a post's text. Pure functions: text in, names out; which
mentioned people exist (and may be linked) is for posts.services to ask the database.
"""
import re
import sys
import unicodedata
from functools import cache

from accounts.models import User, username_validator
from posts.models import MAX_TAG_LENGTH

USERNAME_MAX_LENGTH = User._meta.get_field("username").max_length


# --8<-- [start:hashtags]
@cache
def _word_class() -> str:
    """
    A regular-expression class of "word characters": letters, digits and underscore
    (Python's \\w) plus every combining mark, which \\w leaves out although words in
    Hindi, Thai or decomposed Latin need them (the vowel sign in हिन्दी, the accent in e + ´).
    Built once, on first use, from Unicode's own table.
    """
    ranges, start = [], None
    for code in range(sys.maxunicode + 2):
        is_mark = code <= sys.maxunicode and unicodedata.category(chr(code)).startswith("M")
        if is_mark and start is None:
            start = code
        elif not is_mark and start is not None:
            ranges.append(f"{re.escape(chr(start))}-{re.escape(chr(code - 1))}")
            start = None
    return rf"[\w{''.join(ranges)}]"


@cache
def _hashtag_pattern() -> re.Pattern:
    # `#` and a run of word characters, at the start or after anything but a word
    # character, `&` (HTML entities such as &#39;) or `#`.
    word = _word_class()
    return re.compile(rf"(?<![{word[1:-1]}&#])#({word}+)")


def normalise_tag(raw: str) -> str | None:
    """
    A tag as stored (NFKC, then casefold, so #Café, #CAFÉ and #café are one), or None
    when `raw` (with or without its leading #) is not a tag: empty, not only word
    characters, only digits (#1 is no tag, #2024goals is), or longer than MAX_TAG_LENGTH.
    """
    name = unicodedata.normalize("NFKC", raw.removeprefix("#")).casefold()
    if not re.fullmatch(rf"{_word_class()}+", name) or name.isdigit() or len(name) > MAX_TAG_LENGTH:
        return None
    return name


def hashtags_in(text: str) -> list[str]:
    """Every tag in the text, normalised, each once, in the order they first appear."""
    text = unicodedata.normalize("NFKC", text)  # e + combining accent becomes é before matching
    names = (normalise_tag(run) for run in _hashtag_pattern().findall(text))
    return list(dict.fromkeys(name for name in names if name))
# --8<-- [end:hashtags]


# --8<-- [start:mentions]
MENTION = re.compile(r"(?<!\w)@(\w+)")  # ann@example.com mentions nobody


def mentions_in(text: str) -> list[str]:
    """
    Every username mentioned with @, lower-cased (usernames are unique whatever the
    case), each once, in order. `@` followed by something no username can be (too
    long, or with letters outside a-z) mentions nobody.
    """
    found = []
    for candidate in MENTION.findall(text):
        if len(candidate) <= USERNAME_MAX_LENGTH and username_validator.regex.fullmatch(candidate):
            found.append(candidate.lower())
    return list(dict.fromkeys(found))
# --8<-- [end:mentions]
