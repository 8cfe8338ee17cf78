"""
The authorization matrix: who gets what from every endpoint, as a table.

One row per endpoint, method and kind of owner (a public or a private account); one
column per actor, each the expected HTTP status. Every row runs in a world of its own
(conftest.py; rows that only read share one), where the actors relate to the world's owner as their names say:

    owner        the account the URL is about (or simply a signed-in user, where no
                 account is named); for /api/users/{owner}/... rows, that is you
    other        a signed-in stranger: no tie to the owner
    follower     follows the owner (approved, on a private account)
    friend       the owner's friend (friends are not followers: a private account's
                 lists stay closed to them)
    blocked      the owner blocked them: to them the owner does not exist
    blocker      they blocked the owner: they still see the owner, but cannot follow,
                 befriend or block them again
    outsider     asked to follow (a private owner: still waiting) and sent the owner a
                 friend request that is still pending
    anonymous    no token at all
    deactivated  logged in, then the account was deactivated: its tokens must stop working
    unverified   signed up but never verified the address: cannot log in (403), so it
                 calls everything else without a token

Placeholders in paths and bodies: {owner}, {unverified}, {deactivated} (their usernames),
{follow_request} and {friend_request} (the outsider's pending requests to the owner),
{post_public}, {post_followers}, {post_friends}, {post_only_me} (the owner's posts, one per
visibility, each tagged #reliable) and {post_deactivated} (written by the deactivated
person before they left), {post_quotes_nobody} and {post_quotes_followers} (public posts of
the owner's with that quote policy), {comment_public} and {comment_followers} (the owner's
comments on its public and followers-only posts), {comment_by_follower} (the follower's, on
the public post), {reply_public} (the friend's reply to {comment_public}), {tag} (that tag:
"reliable"), and, in bodies, the actor's own {email}, {password}, {refresh} (a refresh token
from a real login), {fresh} (a name nobody uses yet) and the ids above.

A later part adds rows for its endpoints (tests/reliability/test_matrix.py fails when an
endpoint of final/ has none). A row that fails today because another branch is fixing
it carries an xfail reason naming the issue item.
"""
from __future__ import annotations

from dataclasses import dataclass

from checker.images import png

TAG = "reliable"  # every post populate.py writes carries #reliable
ACTORS = ("owner", "other", "follower", "friend", "blocked", "blocker", "outsider",
          "anonymous", "deactivated", "unverified")
PUBLIC, PRIVATE = "public", "private"


@dataclass(frozen=True)
class Row:
    method: str
    path: str
    owner: str  # PUBLIC or PRIVATE: the kind of account the world's owner has
    statuses: str  # one expected status per actor, in ACTORS order
    body: dict | None = None
    files: dict | None = None  # multipart uploads: {field: (name, bytes, content type)}
    xfail: str = ""  # why the row fails today: "issue N item M: fixed on branch ..."
    one_at_a_time: bool = False  # the actors call one after the other, not all at once
    owner_last: bool = False  # the owner calls after everyone else (its call changes what they would get)
    last: tuple[str, ...] = ()  # these actors call after everyone else, one by one, in this order
    shares: str = ""  # a world shared with rows whose changes cannot change this row's answers

    def world(self, index: int) -> str:
        """Rows that change the graph get a world of their own; reading rows share one per kind of owner."""
        if self.shares:
            return self.shares
        return f"shared_{self.owner}" if self.method == "GET" else f"m{index}"

    @property
    def waves(self) -> list[list[str]]:
        """Who calls when: everyone at once, then the actors that must come last, one by one."""
        last = self.last or (("owner",) if self.owner_last else ())
        return [[actor for actor in ACTORS if actor not in last], *([actor] for actor in last)]

    @property
    def private(self) -> bool:
        return self.owner == PRIVATE

    def expected(self) -> dict[str, int]:
        codes = [int(code) for code in self.statuses.split()]
        assert len(codes) == len(ACTORS), f"{self.method} {self.path}: {len(codes)} statuses for {len(ACTORS)} actors"
        return dict(zip(ACTORS, codes))

    @property
    def label(self) -> str:
        return f"{self.method} {self.path} [{self.owner}]"


NEW_ACCOUNT = {"email": "{fresh}@reliability.example", "username": "{fresh}", "password": "{password}"}
NOT_AN_IMAGE = {"avatar": ("avatar.png", b"this is not an image", "image/png")}
A_PICTURE = {"media": ("picture.png", png(48, 32), "image/png")}
NOT_A_PICTURE = {"media": ("notes.png", b"Just some notes, not a picture.", "image/png")}
AN_EDIT = {"text": "Changed by {fresh} #reliable"}
A_COMMENT = {"text": "Comment by {fresh}"}
A_REACTION = {"type": "love"}
A_QUOTE = {"text": "Quoting, by {fresh}"}

# fmt: off
MATRIX = [
    # method      path                                            owner is  ownr othr foll frnd blkd blkr outs anon deac unvr
    # -- part 04: accounts and tokens ----------------------------------------------------------------------------
    Row("POST",   "/api/auth/register/",                          PUBLIC,  "201  201  201  201  201  201  201  201  401  201",
        body=NEW_ACCOUNT, shares="auth"),
    Row("POST",   "/api/auth/register/",                          PUBLIC,  "400  400  400  400  400  400  400  201  401  400",
        body={**NEW_ACCOUNT, "email": "{email}"}, shares="auth"),
    Row("POST",   "/api/auth/verify-email/",                      PUBLIC,  "400  400  400  400  400  400  400  400  401  400",
        body={"email": "{email}", "code": "000000"}, shares="auth"),
    Row("POST",   "/api/auth/resend-verification/",               PUBLIC,  "200  200  200  200  200  200  200  200  401  200",
        body={"email": "{email}"}, shares="auth"),
    Row("POST",   "/api/auth/login/",                             PUBLIC,  "200  200  200  200  200  200  200  401  401  403",
        body={"email": "{email}", "password": "{password}"}, shares="auth"),
    Row("POST",   "/api/auth/token/refresh/",                     PUBLIC,  "200  200  200  200  200  200  200  401  401  401",
        body={"refresh": "{refresh}"}, shares="auth"),
    Row("POST",   "/api/auth/logout/",                            PUBLIC,  "205  205  205  205  205  205  205  400  401  400",
        body={"refresh": "{refresh}"}, shares="auth"),
    Row("GET",    "/api/auth/me/",                                PUBLIC,  "200  200  200  200  200  200  200  401  401  401"),
    Row("POST",   "/api/auth/password/change/",                   PUBLIC,  "200  200  200  200  200  200  200  401  401  401",
        body={"old_password": "{password}", "new_password": "Another-Horse-43"}),
    Row("POST",   "/api/auth/password/reset/",                    PUBLIC,  "200  200  200  200  200  200  200  200  401  200",
        body={"email": "{email}"}, shares="auth"),
    Row("POST",   "/api/auth/password/reset/confirm/",            PUBLIC,  "400  400  400  400  400  400  400  400  401  400",
        body={"email": "{email}", "code": "000000", "new_password": "Another-Horse-43"}, shares="auth"),
    Row("GET",    "/api/health/",                                 PUBLIC,  "200  200  200  200  200  200  200  200  401  200"),
    # One at a time: concurrent schema requests crash today (test_schema.py pins that apart).
    Row("GET",    "/api/schema/",                                 PUBLIC,  "200  200  200  200  200  200  200  200  401  200",
        one_at_a_time=True),
    Row("GET",    "/api/docs/",                                   PUBLIC,  "200  200  200  200  200  200  200  200  401  200"),
    Row("GET",    "/api/redoc/",                                  PUBLIC,  "200  200  200  200  200  200  200  200  401  200"),
    # -- part 05: profiles -----------------------------------------------------------------------------------------
    Row("GET",    "/api/users/",                                  PUBLIC,  "200  200  200  200  200  200  200  401  401  401"),
    Row("GET",    "/api/users/?search={owner}",                   PRIVATE, "200  200  200  200  200  200  200  401  401  401"),
    Row("GET",    "/api/users/me/",                               PUBLIC,  "200  200  200  200  200  200  200  401  401  401"),
    Row("PATCH",  "/api/users/me/",                               PUBLIC,  "200  200  200  200  200  200  200  401  401  401",
        body={"bio": "Checking who may change what."}, shares="profile"),
    Row("PUT",    "/api/users/me/avatar/",                        PUBLIC,  "400  400  400  400  400  400  400  401  401  401",
        files=NOT_AN_IMAGE, shares="profile"),
    Row("DELETE", "/api/users/me/avatar/",                        PUBLIC,  "204  204  204  204  204  204  204  401  401  401", shares="profile"),
    Row("GET",    "/api/users/{owner}/",                          PUBLIC,  "200  200  200  200  404  200  200  401  401  401"),
    Row("GET",    "/api/users/{owner}/",                          PRIVATE, "200  200  200  200  404  200  200  401  401  401"),
    Row("GET",    "/api/users/{unverified}/",                     PUBLIC,  "404  404  404  404  404  404  404  401  401  401"),
    Row("GET",    "/api/users/{deactivated}/",                    PUBLIC,  "404  404  404  404  404  404  404  401  401  401"),
    # -- part 06: the social graph ---------------------------------------------------------------------------------
    Row("POST",   "/api/users/{owner}/follow/",                   PUBLIC,  "400  200  200  200  404  403  200  401  401  401"),
    Row("POST",   "/api/users/{owner}/follow/",                   PRIVATE, "400  200  200  200  404  403  200  401  401  401"),
    Row("DELETE", "/api/users/{owner}/follow/",                   PUBLIC,  "200  200  200  200  404  200  200  401  401  401"),
    Row("DELETE", "/api/users/{owner}/follow/",                   PRIVATE, "200  200  200  200  404  200  200  401  401  401"),
    Row("POST",   "/api/users/{deactivated}/follow/",             PUBLIC,  "404  404  404  404  404  404  404  401  401  401"),
    Row("POST",   "/api/users/{unverified}/follow/",              PUBLIC,  "404  404  404  404  404  404  404  401  401  401"),
    Row("POST",   "/api/users/{owner}/friend-request/",           PUBLIC,  "400  200  200  400  404  403  200  401  401  401"),
    Row("POST",   "/api/users/{owner}/friend-request/",           PRIVATE, "400  200  200  400  404  403  200  401  401  401"),
    Row("POST",   "/api/users/{deactivated}/friend-request/",     PUBLIC,  "404  404  404  404  404  404  404  401  401  401"),
    Row("DELETE", "/api/users/{owner}/friend/",                   PUBLIC,  "204  204  204  204  404  204  204  401  401  401"),
    Row("DELETE", "/api/users/{owner}/friend/",                   PRIVATE, "204  204  204  204  404  204  204  401  401  401"),
    Row("POST",   "/api/users/{owner}/block/",                    PUBLIC,  "400  200  200  200  404  200  200  401  401  401"),
    Row("POST",   "/api/users/{owner}/block/",                    PRIVATE, "400  200  200  200  404  200  200  401  401  401"),
    Row("POST",   "/api/users/{unverified}/block/",               PUBLIC,  "404  404  404  404  404  404  404  401  401  401"),
    Row("DELETE", "/api/users/{owner}/block/",                    PUBLIC,  "404  404  404  404  404  200  404  401  401  401"),
    Row("GET",    "/api/users/{owner}/followers/",                PUBLIC,  "200  200  200  200  404  200  200  401  401  401"),
    Row("GET",    "/api/users/{owner}/followers/",                PRIVATE, "200  404  200  404  404  404  404  401  401  401"),
    Row("GET",    "/api/users/{owner}/following/",                PUBLIC,  "200  200  200  200  404  200  200  401  401  401"),
    Row("GET",    "/api/users/{owner}/following/",                PRIVATE, "200  404  200  404  404  404  404  401  401  401"),
    Row("GET",    "/api/users/{owner}/friends/",                  PUBLIC,  "200  200  200  200  404  200  200  401  401  401"),
    Row("GET",    "/api/users/{owner}/friends/",                  PRIVATE, "200  404  200  404  404  404  404  401  401  401"),
    Row("GET",    "/api/users/{deactivated}/followers/",          PUBLIC,  "404  404  404  404  404  404  404  401  401  401"),
    Row("GET",    "/api/follow-requests/",                        PRIVATE, "200  200  200  200  200  200  200  401  401  401"),
    Row("POST",   "/api/follow-requests/{follow_request}/accept/", PRIVATE, "200  404  404  404  404  404  404  401  401  401"),
    Row("POST",   "/api/follow-requests/{follow_request}/reject/", PRIVATE, "200  404  404  404  404  404  404  401  401  401"),
    Row("GET",    "/api/friend-requests/",                        PUBLIC,  "200  200  200  200  200  200  200  401  401  401"),
    Row("GET",    "/api/friend-requests/?direction=outgoing",     PUBLIC,  "200  200  200  200  200  200  200  401  401  401"),
    Row("GET",    "/api/friend-requests/?direction=sideways",     PUBLIC,  "400  400  400  400  400  400  400  401  401  401"),
    Row("DELETE", "/api/friend-requests/{friend_request}/",       PUBLIC,  "404  404  404  404  404  404  204  401  401  401"),
    Row("POST",   "/api/friend-requests/{friend_request}/accept/", PUBLIC, "200  404  404  404  404  404  404  401  401  401"),
    Row("POST",   "/api/friend-requests/{friend_request}/decline/", PUBLIC, "200  404  404  404  404  404  404  401  401  401"),
    Row("GET",    "/api/blocks/",                                 PUBLIC,  "200  200  200  200  200  200  200  401  401  401"),
    Row("GET",    "/api/users/suggestions/",                      PRIVATE, "200  200  200  200  200  200  200  401  401  401"),
    # -- part 07: posts ----------------------------------------------------------------------------------------------
    # Who sees a post: its author always; nobody across a block (either way); public posts of a public account
    # everyone else, of a private one its approved followers and friends; followers-only posts followers and
    # friends; friends-only posts friends; only_me nobody else. Hidden is 404, as if the post did not exist.
    Row("POST",   "/api/posts/",                                  PUBLIC,  "201  201  201  201  201  201  201  401  401  401",
        body={"text": "Posted by {fresh} #reliable", "visibility": "followers"}, shares="posting"),
    Row("POST",   "/api/posts/",                                  PUBLIC,  "400  400  400  400  400  400  400  401  401  401",
        body={"text": "Posted by {fresh}", "visibility": "everyone"}, shares="posting"),
    Row("POST",   "/api/posts/",                                  PUBLIC,  "201  201  201  201  201  201  201  401  401  401",
        files=A_PICTURE, shares="posting"),
    Row("POST",   "/api/posts/",                                  PUBLIC,  "400  400  400  400  400  400  400  401  401  401",
        files=NOT_A_PICTURE, shares="posting"),
    Row("GET",    "/api/posts/{post_public}/",                    PUBLIC,  "200  200  200  200  404  404  200  401  401  401"),
    Row("GET",    "/api/posts/{post_followers}/",                 PUBLIC,  "200  404  200  200  404  404  404  401  401  401"),
    Row("GET",    "/api/posts/{post_friends}/",                   PUBLIC,  "200  404  404  200  404  404  404  401  401  401"),
    Row("GET",    "/api/posts/{post_only_me}/",                   PUBLIC,  "200  404  404  404  404  404  404  401  401  401"),
    Row("GET",    "/api/posts/{post_public}/",                    PRIVATE, "200  404  200  200  404  404  404  401  401  401"),
    Row("GET",    "/api/posts/{post_followers}/",                 PRIVATE, "200  404  200  200  404  404  404  401  401  401"),
    Row("GET",    "/api/posts/{post_deactivated}/",               PUBLIC,  "404  404  404  404  404  404  404  401  401  401"),
    # Only the author changes a post: 403 to those who may see it, 404 to those who may not. The edits
    # change the text only, so every actor's answer is the same whenever the owner's lands.
    Row("PATCH",  "/api/posts/{post_public}/",                    PUBLIC,  "200  403  403  403  404  404  403  401  401  401",
        body=AN_EDIT, shares="editing_public"),
    Row("PATCH",  "/api/posts/{post_followers}/",                 PUBLIC,  "200  404  403  403  404  404  404  401  401  401",
        body=AN_EDIT, shares="editing_public"),
    Row("PATCH",  "/api/posts/{post_friends}/",                   PUBLIC,  "200  404  404  403  404  404  404  401  401  401",
        body=AN_EDIT, shares="editing_public"),
    Row("PATCH",  "/api/posts/{post_only_me}/",                   PUBLIC,  "200  404  404  404  404  404  404  401  401  401",
        body=AN_EDIT, shares="editing_public"),
    Row("PATCH",  "/api/posts/{post_public}/",                    PRIVATE, "200  404  403  403  404  404  404  401  401  401",
        body=AN_EDIT, shares="editing_private"),
    Row("PATCH",  "/api/posts/{post_deactivated}/",               PUBLIC,  "404  404  404  404  404  404  404  401  401  401",
        body=AN_EDIT, shares="editing_public"),
    # The owner deletes last: after the post is gone, everyone else would get a 404.
    Row("DELETE", "/api/posts/{post_public}/",                    PUBLIC,  "204  403  403  403  404  404  403  401  401  401",
        owner_last=True, shares="deleting_public"),
    Row("DELETE", "/api/posts/{post_followers}/",                 PUBLIC,  "204  404  403  403  404  404  404  401  401  401",
        owner_last=True, shares="deleting_public"),
    Row("DELETE", "/api/posts/{post_friends}/",                   PUBLIC,  "204  404  404  403  404  404  404  401  401  401",
        owner_last=True, shares="deleting_public"),
    Row("DELETE", "/api/posts/{post_only_me}/",                   PUBLIC,  "204  404  404  404  404  404  404  401  401  401",
        owner_last=True, shares="deleting_public"),
    Row("DELETE", "/api/posts/{post_public}/",                    PRIVATE, "204  404  403  403  404  404  404  401  401  401",
        owner_last=True, shares="deleting_private"),
    Row("GET",    "/api/posts/{post_public}/history/",            PUBLIC,  "200  200  200  200  404  404  200  401  401  401"),
    Row("GET",    "/api/posts/{post_followers}/history/",         PUBLIC,  "200  404  200  200  404  404  404  401  401  401"),
    Row("GET",    "/api/posts/{post_friends}/history/",           PUBLIC,  "200  404  404  200  404  404  404  401  401  401"),
    Row("GET",    "/api/posts/{post_only_me}/history/",           PUBLIC,  "200  404  404  404  404  404  404  401  401  401"),
    Row("GET",    "/api/posts/{post_public}/history/",            PRIVATE, "200  404  200  200  404  404  404  401  401  401"),
    # Someone's posts: a 404 only where their profile is (a block by them, an account gone); otherwise the
    # page lists what the viewer may see (test_leaks.py checks which posts).
    Row("GET",    "/api/users/{owner}/posts/",                    PUBLIC,  "200  200  200  200  404  200  200  401  401  401"),
    Row("GET",    "/api/users/{owner}/posts/",                    PRIVATE, "200  200  200  200  404  200  200  401  401  401"),
    Row("GET",    "/api/users/{deactivated}/posts/",              PUBLIC,  "404  404  404  404  404  404  404  401  401  401"),
    # A hashtag's page is never a 404: a tag used only in hidden posts looks like one nobody used.
    Row("GET",    "/api/hashtags/{tag}/posts/",                   PUBLIC,  "200  200  200  200  200  200  200  401  401  401"),
    Row("GET",    "/api/hashtags/%23Reliable/posts/",             PRIVATE, "200  200  200  200  200  200  200  401  401  401"),
    Row("GET",    "/api/hashtags/nobody-uses-this/posts/",        PUBLIC,  "200  200  200  200  200  200  200  401  401  401"),
    # -- part 08: comments, reactions and shares ---------------------------------------------------------------------
    # Engagement follows the post: whoever may not see a post gets a 404 from its comments, reactions and shares,
    # as from the post itself; whoever may see it may comment, react and share.
    Row("GET",    "/api/posts/{post_public}/comments/",           PUBLIC,  "200  200  200  200  404  404  200  401  401  401"),
    Row("GET",    "/api/posts/{post_followers}/comments/",        PUBLIC,  "200  404  200  200  404  404  404  401  401  401"),
    Row("GET",    "/api/posts/{post_friends}/comments/",          PUBLIC,  "200  404  404  200  404  404  404  401  401  401"),
    Row("GET",    "/api/posts/{post_only_me}/comments/",          PUBLIC,  "200  404  404  404  404  404  404  401  401  401"),
    Row("GET",    "/api/posts/{post_public}/comments/",           PRIVATE, "200  404  200  200  404  404  404  401  401  401"),
    Row("GET",    "/api/posts/{post_deactivated}/comments/",      PUBLIC,  "404  404  404  404  404  404  404  401  401  401"),
    Row("POST",   "/api/posts/{post_public}/comments/",           PUBLIC,  "201  201  201  201  404  404  201  401  401  401",
        body=A_COMMENT, shares="commenting"),
    Row("POST",   "/api/posts/{post_followers}/comments/",        PUBLIC,  "201  404  201  201  404  404  404  401  401  401",
        body=A_COMMENT, shares="commenting"),
    Row("POST",   "/api/posts/{post_friends}/comments/",          PUBLIC,  "201  404  404  201  404  404  404  401  401  401",
        body=A_COMMENT, shares="commenting"),
    Row("POST",   "/api/posts/{post_only_me}/comments/",          PUBLIC,  "201  404  404  404  404  404  404  401  401  401",
        body=A_COMMENT, shares="commenting"),
    Row("POST",   "/api/posts/{post_deactivated}/comments/",      PUBLIC,  "404  404  404  404  404  404  404  401  401  401",
        body=A_COMMENT, shares="commenting"),
    Row("POST",   "/api/posts/{post_public}/comments/",           PRIVATE, "201  404  201  201  404  404  404  401  401  401",
        body=A_COMMENT, shares="commenting_priv"),
    Row("POST",   "/api/posts/{post_public}/comments/",           PUBLIC,  "201  201  201  201  404  404  201  401  401  401",
        body={**A_COMMENT, "parent": "{comment_public}"}, shares="commenting"),
    Row("POST",   "/api/posts/{post_public}/comments/",           PUBLIC,  "400  400  400  400  404  404  400  401  401  401",
        body={"text": ""}, shares="commenting"),
    # A parent must be a comment of the same post that the viewer may see: anything else is a 400 naming parent.
    Row("POST",   "/api/posts/{post_followers}/comments/",        PUBLIC,  "400  404  400  400  404  404  404  401  401  401",
        body={**A_COMMENT, "parent": "{comment_public}"}, shares="commenting"),
    Row("POST",   "/api/posts/{post_public}/comments/",           PUBLIC,  "400  400  400  400  404  404  400  401  401  401",
        body={**A_COMMENT, "parent": "{comment_followers}"}, shares="commenting"),
    Row("GET",    "/api/comments/{comment_public}/",              PUBLIC,  "200  200  200  200  404  404  200  401  401  401"),
    Row("GET",    "/api/comments/{comment_followers}/",           PUBLIC,  "200  404  200  200  404  404  404  401  401  401"),
    Row("GET",    "/api/comments/{reply_public}/",                PUBLIC,  "200  200  200  200  404  404  200  401  401  401"),
    Row("GET",    "/api/comments/{comment_public}/",              PRIVATE, "200  404  200  200  404  404  404  401  401  401"),
    Row("GET",    "/api/comments/{comment_by_follower}/",         PRIVATE, "200  404  200  200  404  404  404  401  401  401"),
    Row("GET",    "/api/comments/{comment_public}/replies/",      PUBLIC,  "200  200  200  200  404  404  200  401  401  401"),
    Row("GET",    "/api/comments/{comment_followers}/replies/",   PUBLIC,  "200  404  200  200  404  404  404  401  401  401"),
    Row("GET",    "/api/comments/{comment_public}/replies/",      PRIVATE, "200  404  200  200  404  404  404  401  401  401"),
    # Only a comment's author edits it (the post's author included: 403); a hidden comment is a 404.
    Row("PATCH",  "/api/comments/{comment_public}/",              PUBLIC,  "200  403  403  403  404  404  403  401  401  401",
        body=AN_EDIT, shares="cedit_public"),
    Row("PATCH",  "/api/comments/{comment_by_follower}/",         PUBLIC,  "403  403  200  403  404  404  403  401  401  401",
        body=AN_EDIT, shares="cedit_public"),
    Row("PATCH",  "/api/comments/{reply_public}/",                PUBLIC,  "403  403  403  200  404  404  403  401  401  401",
        body=AN_EDIT, shares="cedit_public"),
    Row("PATCH",  "/api/comments/{comment_followers}/",           PUBLIC,  "200  404  403  403  404  404  404  401  401  401",
        body=AN_EDIT, shares="cedit_public"),
    Row("PATCH",  "/api/comments/{comment_public}/",              PRIVATE, "200  404  403  403  404  404  404  401  401  401",
        body=AN_EDIT, shares="cedit_private"),
    # A comment's author and the post's author may delete it; whoever comes after the delete finds nothing (404).
    Row("DELETE", "/api/comments/{comment_public}/",              PUBLIC,  "204  403  403  403  404  404  403  401  401  401",
        owner_last=True, shares="cdelete_a"),
    Row("DELETE", "/api/comments/{comment_by_follower}/",         PUBLIC,  "404  403  204  403  404  404  403  401  401  401",
        last=("follower", "owner"), shares="cdelete_a"),
    Row("DELETE", "/api/comments/{comment_by_follower}/",         PUBLIC,  "204  403  404  403  404  404  403  401  401  401",
        last=("owner", "follower"), shares="cdelete_b"),
    Row("DELETE", "/api/comments/{comment_followers}/",           PUBLIC,  "204  404  403  403  404  404  404  401  401  401",
        owner_last=True, shares="cdelete_b"),
    Row("DELETE", "/api/comments/{comment_public}/",              PRIVATE, "204  404  403  403  404  404  404  401  401  401",
        owner_last=True, shares="cdelete_private"),
    # Reactions: each actor sets or takes back their own, so the rows share a world.
    Row("PUT",    "/api/posts/{post_public}/reaction/",           PUBLIC,  "200  200  200  200  404  404  200  401  401  401",
        body=A_REACTION, shares="reacting_public"),
    Row("PUT",    "/api/posts/{post_followers}/reaction/",        PUBLIC,  "200  404  200  200  404  404  404  401  401  401",
        body=A_REACTION, shares="reacting_public"),
    Row("PUT",    "/api/posts/{post_friends}/reaction/",          PUBLIC,  "200  404  404  200  404  404  404  401  401  401",
        body=A_REACTION, shares="reacting_public"),
    Row("PUT",    "/api/posts/{post_only_me}/reaction/",          PUBLIC,  "200  404  404  404  404  404  404  401  401  401",
        body=A_REACTION, shares="reacting_public"),
    Row("PUT",    "/api/posts/{post_deactivated}/reaction/",      PUBLIC,  "404  404  404  404  404  404  404  401  401  401",
        body=A_REACTION, shares="reacting_public"),
    Row("PUT",    "/api/posts/{post_public}/reaction/",           PUBLIC,  "400  400  400  400  404  404  400  401  401  401",
        body={"type": "meh"}, shares="reacting_public"),
    Row("PUT",    "/api/posts/{post_public}/reaction/",           PRIVATE, "200  404  200  200  404  404  404  401  401  401",
        body=A_REACTION, shares="reacting_private"),
    Row("DELETE", "/api/posts/{post_public}/reaction/",           PUBLIC,  "204  204  204  204  404  404  204  401  401  401",
        shares="reacting_public"),
    Row("DELETE", "/api/posts/{post_followers}/reaction/",        PUBLIC,  "204  404  204  204  404  404  404  401  401  401",
        shares="reacting_public"),
    Row("DELETE", "/api/posts/{post_public}/reaction/",           PRIVATE, "204  404  204  204  404  404  404  401  401  401",
        shares="reacting_private"),
    Row("PUT",    "/api/comments/{comment_public}/reaction/",     PUBLIC,  "200  200  200  200  404  404  200  401  401  401",
        body=A_REACTION, shares="reacting_public"),
    Row("PUT",    "/api/comments/{comment_followers}/reaction/",  PUBLIC,  "200  404  200  200  404  404  404  401  401  401",
        body=A_REACTION, shares="reacting_public"),
    Row("PUT",    "/api/comments/{comment_public}/reaction/",     PUBLIC,  "400  400  400  400  404  404  400  401  401  401",
        body={"type": "meh"}, shares="reacting_public"),
    Row("PUT",    "/api/comments/{comment_public}/reaction/",     PRIVATE, "200  404  200  200  404  404  404  401  401  401",
        body=A_REACTION, shares="reacting_private"),
    Row("DELETE", "/api/comments/{comment_public}/reaction/",     PUBLIC,  "204  204  204  204  404  404  204  401  401  401",
        shares="reacting_public"),
    Row("DELETE", "/api/comments/{comment_followers}/reaction/",  PUBLIC,  "204  404  204  204  404  404  404  401  401  401",
        shares="reacting_public"),
    Row("DELETE", "/api/comments/{comment_public}/reaction/",     PRIVATE, "204  404  204  204  404  404  404  401  401  401",
        shares="reacting_private"),
    Row("GET",    "/api/posts/{post_public}/reactions/",          PUBLIC,  "200  200  200  200  404  404  200  401  401  401"),
    Row("GET",    "/api/posts/{post_public}/reactions/?type=like", PUBLIC, "200  200  200  200  404  404  200  401  401  401"),
    Row("GET",    "/api/posts/{post_public}/reactions/?type=meh", PUBLIC,  "400  400  400  400  404  404  400  401  401  401"),
    Row("GET",    "/api/posts/{post_followers}/reactions/",       PUBLIC,  "200  404  200  200  404  404  404  401  401  401"),
    Row("GET",    "/api/posts/{post_friends}/reactions/",         PUBLIC,  "200  404  404  200  404  404  404  401  401  401"),
    Row("GET",    "/api/posts/{post_public}/reactions/",          PRIVATE, "200  404  200  200  404  404  404  401  401  401"),
    Row("GET",    "/api/comments/{comment_public}/reactions/",    PUBLIC,  "200  200  200  200  404  404  200  401  401  401"),
    Row("GET",    "/api/comments/{comment_public}/reactions/?type=love", PUBLIC,
        "200  200  200  200  404  404  200  401  401  401"),
    Row("GET",    "/api/comments/{comment_public}/reactions/?type=meh", PUBLIC,
        "400  400  400  400  404  404  400  401  401  401"),
    Row("GET",    "/api/comments/{comment_followers}/reactions/", PUBLIC,  "200  404  200  200  404  404  404  401  401  401"),
    Row("GET",    "/api/comments/{comment_public}/reactions/",    PRIVATE, "200  404  200  200  404  404  404  401  401  401"),
    # Shares: a repost without text, a quote with text; the original's quote policy limits quotes only.
    Row("POST",   "/api/posts/{post_public}/share/",              PUBLIC,  "201  201  201  201  404  404  201  401  401  401",
        body={}, shares="sharing_public"),
    Row("POST",   "/api/posts/{post_followers}/share/",           PUBLIC,  "201  404  201  201  404  404  404  401  401  401",
        body={}, shares="sharing_public"),
    Row("POST",   "/api/posts/{post_friends}/share/",             PUBLIC,  "201  404  404  201  404  404  404  401  401  401",
        body={}, shares="sharing_public"),
    Row("POST",   "/api/posts/{post_only_me}/share/",             PUBLIC,  "201  404  404  404  404  404  404  401  401  401",
        body={}, shares="sharing_public"),
    Row("POST",   "/api/posts/{post_deactivated}/share/",         PUBLIC,  "404  404  404  404  404  404  404  401  401  401",
        body={}, shares="sharing_public"),
    Row("POST",   "/api/posts/{post_public}/share/",              PRIVATE, "201  404  201  201  404  404  404  401  401  401",
        body={}, shares="sharing_private"),
    Row("POST",   "/api/posts/{post_public}/share/",              PUBLIC,  "201  201  201  201  404  404  201  401  401  401",
        body=A_QUOTE, shares="sharing_public"),
    Row("POST",   "/api/posts/{post_public}/share/",              PUBLIC,  "400  400  400  400  404  404  400  401  401  401",
        body={**A_QUOTE, "visibility": "everyone"}, shares="sharing_public"),
    Row("POST",   "/api/posts/{post_quotes_nobody}/share/",       PUBLIC,  "201  403  403  403  404  404  403  401  401  401",
        body=A_QUOTE, shares="sharing_public"),
    Row("POST",   "/api/posts/{post_quotes_nobody}/share/",       PUBLIC,  "201  201  201  201  404  404  201  401  401  401",
        body={}, shares="sharing_public"),
    Row("POST",   "/api/posts/{post_quotes_followers}/share/",    PUBLIC,  "201  403  201  201  404  404  403  401  401  401",
        body=A_QUOTE, shares="sharing_public"),
    Row("POST",   "/api/posts/{post_quotes_followers}/share/",    PRIVATE, "201  404  201  201  404  404  404  401  401  401",
        body=A_QUOTE, shares="sharing_private"),
    Row("PATCH",  "/api/posts/{post_public}/",                    PUBLIC,  "200  403  403  403  404  404  403  401  401  401",
        body={"quote_policy": "followers"}, shares="quoting_public"),
    Row("PATCH",  "/api/posts/{post_public}/",                    PRIVATE, "200  404  403  403  404  404  404  401  401  401",
        body={"quote_policy": "nobody"}, shares="quoting_private"),
    Row("PATCH",  "/api/posts/{post_public}/",                    PUBLIC,  "400  400  400  400  404  404  400  401  401  401",
        body={"quote_policy": "sometimes"}, shares="quoting_public"),
]
# fmt: on
