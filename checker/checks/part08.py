"""Part 08 — engagement: comments and replies, reactions, reposts and quotes, who may see each."""
import json
import secrets
import threading
from concurrent.futures import ThreadPoolExecutor

from checker.checks.part07 import expect_refused, ids_in
from checker.http import CheckFailed, not_equal
from checker.registry import NEEDS_DATABASE_SERVER, NEEDS_MAIL, Part
from checker.steps import AN_ID, Person

PART = Part(8, "engagement", "Engagement: comments, reactions and shares")

MAIL = (NEEDS_MAIL,)  # every check signs people up, with the code from their e-mail
RACE = (NEEDS_MAIL, NEEDS_DATABASE_SERVER)  # concurrent writes need PostgreSQL
REACTION_TYPES = ("like", "love", "haha", "wow", "sad", "angry")
COMMENT_FIELDS = ("id", "post", "parent", "author", "text", "created_at", "edited_at", "replies_count",
                  "reaction_counts", "my_reaction")
ONE_RULE = ("Look the post up through Post.objects.visible_to(request.user) first, in every engagement view: "
            "a post the viewer cannot see is a 404, whatever the method.")


# -- reading answers ---------------------------------------------------------------------------------
def comments_path(post_id: str) -> str:
    return f"/api/posts/{post_id}/comments/"


def comment_path(comment_id: str) -> str:
    return f"/api/comments/{comment_id}/"


def post_path(post_id: str) -> str:
    return f"/api/posts/{post_id}/"


def usernames_in(response, what: str) -> list[str]:
    """The `user.username` of each row of a page of reactions."""
    body = response.json()
    results = body.get("results") if isinstance(body, dict) else None
    if not isinstance(results, list):
        raise CheckFailed(f"{what} is not a page", expected='{"next", "previous", "results"}', response=response)
    return [str(row["user"].get("username")) if isinstance(row, dict) and isinstance(row.get("user"), dict)
            else json.dumps(row) for row in results]


def expect_ids(response, wanted: list[str], what: str, expected: str, *, hint: str = "") -> None:
    found = ids_in(response, what)
    if found != wanted:
        raise CheckFailed(f"{what} lists {json.dumps(found)}", expected=f"{json.dumps(wanted)}: {expected}",
                          response=response, hint=hint)


def expect_counts(response, wanted: dict[str, int], what: str, *, hint: str = "") -> None:
    """`reaction_counts` of the JSON has all six types, with `wanted` (zero for the others)."""
    body = response.json()
    found = body.get("reaction_counts") if isinstance(body, dict) else None
    counts = {kind: wanted.get(kind, 0) for kind in REACTION_TYPES}
    if found != counts:
        raise CheckFailed(f'{what}, "reaction_counts" is {json.dumps(found)}',
                          expected=f'"reaction_counts": {json.dumps(counts)} (all six types, zeros included)',
                          response=response, hint=hint)


def expect_answer(response, status: int, what: str, why: str, *, hint: str = "") -> None:
    """`what` answered `status`; else a failure saying who asked what, and why `status` is right."""
    if response.status != status:
        raise CheckFailed(f"{what} answered {response.status}", expected=f"{status}: {why}", response=response,
                          hint=hint)


def expect_hidden(response, what: str) -> None:
    expect_answer(response, 404, what, "to them the post does not exist", hint=ONE_RULE)


# -- comments ------------------------------------------------------------------------------------------
@PART.check("comments.create", "POST /api/posts/{id}/comments/ is 201 with the comment, GET /api/comments/{id}/ "
                               "shows it; text of 1..1,000 characters, a string",
            hint="A Comment model (post, author, parent, text, created_at, edited_at), a CommentSerializer with "
                 "the contract's fields (ids as strings, author as a small profile, replies_count, "
                 "reaction_counts, my_reaction), the comment created in a service; limit text to 1,000 "
                 "characters and keep StrictTextMixin on the request serializer.",
            anchor="commenting", needs=MAIL)
def comments_create(ctx):
    ann, bob = Person(ctx), Person(ctx)
    post = ann.write_post("Tell me what you think.")
    path = comments_path(post["id"])
    text = f"Nice one {secrets.token_hex(3)}"
    response = bob.post(path, json={"text": text}).expect_status(201)
    comment = response.json()
    missing = [name for name in COMMENT_FIELDS if not isinstance(comment, dict) or name not in comment]
    if missing:
        raise CheckFailed(f"the comment lacks {', '.join(missing)}",
                          expected=f"the fields {', '.join(COMMENT_FIELDS)}", response=response)
    response.expect_json({"id": AN_ID, "post": post["id"], "parent": None, "text": text, "edited_at": None,
                          "replies_count": 0, "my_reaction": None})
    author = comment["author"]
    if not isinstance(author, dict) or author.get("username") != bob.username:
        raise CheckFailed(f'"author" is {json.dumps(author)}',
                          expected=f'"author": {{"username": "{bob.username}", "display_name", "avatar"}}',
                          response=response)
    expect_counts(response, {}, "on a new comment")
    ann.get(comment_path(comment["id"])).expect_status(200).expect_json({"id": comment["id"], "text": text})
    for body, what in (({"text": ""}, "an empty comment"), ({"text": 12345}, "a number as the text"),
                       ({"text": "x" * 1001}, "a comment of 1,001 characters")):
        expect_refused(bob.post(path, json=body), what, "text", crash_hint="")
    bob.post(path, json={"text": "x" * 1000}).expect_status(
        201, hint="1,000 characters is allowed: the limit is more than 1,000.")


@PART.check("comments.replies", "Replies nest to any depth and are listed under their parent, not among the "
                                "post's comments; a parent from another post is a 400 naming parent",
            hint="parent is a ForeignKey to the comment itself; GET /api/posts/{id}/comments/ lists "
                 "parent=None only, GET /api/comments/{id}/replies/ the direct replies; in the serializer, "
                 "refuse a parent that is not a visible comment of the same post with a ValidationError on "
                 "\"parent\". comments_count counts every comment of the post, replies included.",
            anchor="replies", needs=MAIL)
def comments_replies(ctx):
    ann, bob = Person(ctx), Person(ctx)
    post = ann.write_post("Ask me anything.")
    path = comments_path(post["id"])
    top = bob.comment(post["id"], "What is your favourite colour?")
    reply = ann.post(path, json={"text": "Blue.", "parent": top["id"]}).expect_status(201).expect_json(
        {"id": AN_ID, "post": post["id"], "parent": top["id"]}).json()
    nested = bob.post(path, json={"text": "Why blue?", "parent": reply["id"]}).expect_status(201).expect_json(
        {"id": AN_ID, "parent": reply["id"]}, hint="Replies nest to any depth: a reply to a reply is fine.").json()
    expect_ids(ann.get(path).expect_status(200), [top["id"]], "the post's comments",
               "the top-level comment only: replies are listed under their parent")
    for parent, child, what in ((top["id"], reply["id"], "the replies of the first comment"),
                                (reply["id"], nested["id"], "the replies of the reply")):
        expect_ids(ann.get(f"/api/comments/{parent}/replies/").expect_status(200), [child], what,
                   "the direct replies only")
    ann.get(comment_path(top["id"])).expect_status(200).expect_json(
        {"replies_count": 1}, hint="replies_count counts the direct replies.")
    ann.get(post_path(post["id"])).expect_status(200).expect_json(
        {"comments_count": 3}, hint="comments_count counts every comment of the post, replies included, "
                                    "with one subquery (a Count() over two joins multiplies).")
    other = ann.write_post("Another post.")
    expect_refused(bob.post(comments_path(other["id"]), json={"text": "Wrong thread.", "parent": top["id"]}),
                   "a reply whose parent is a comment of another post", "parent", crash_hint="")


@PART.check("comments.order-and-pages", "The post's comments: oldest first, cursor pages that respect page_size; "
                                        "bad paging parameters are a 400",
            hint="Order comments by (created_at, id), conversation order, with a cursor pagination class "
                 "like part 06's (page_size checked, a bad cursor a 400 naming it).",
            anchor="comments-in-conversation-order", needs=MAIL)
def comments_order_and_pages(ctx):
    ann = Person(ctx)
    post = ann.write_post("Let us talk.")
    path = comments_path(post["id"])
    written = [ann.comment(post["id"], f"Comment number {number}")["id"] for number in (1, 2, 3)]
    first = ann.get(f"{path}?page_size=2").expect_status(200)
    expect_ids(first, written[:2], "the first page of comments", "the two oldest, oldest first")
    following = first.json().get("next")
    if not isinstance(following, str) or not following:
        raise CheckFailed(f'"next" is {json.dumps(following)}', expected='"next": the URL of the rest', response=first)
    expect_ids(ann.get(following).expect_status(200), written[2:], "the next page", "the newest one")
    for query, parameter in (("page_size=abc", "page_size"), ("page_size=0", "page_size"),
                             ("cursor=not-a-cursor", "cursor")):
        expect_refused(ann.get(f"{path}?{query}"), f"?{query}", parameter, crash_hint="")


@PART.check("comments.edit", "PATCH /api/comments/{id}/ by its author sets edited_at; anyone else who sees it "
                             "gets 403, the post's author included",
            hint="Look the comment up among Comment.objects.visible_to(request.user), then allow only its "
                 "author to change the text (403 for others, who may delete it at most); set edited_at.",
            anchor="editing-a-comment", needs=MAIL)
def comments_edit(ctx):
    ann, bob = Person(ctx), Person(ctx)
    post = ann.write_post("Spell-check my comments.")
    path = comment_path(bob.comment(post["id"], "Frist!")["id"])
    expect_answer(ann.patch(path, json={"text": "Edited by the post's author."}), 403,
                  f"PATCH {path} by the post's author (not the comment's)", "only the comment's author edits it")
    bob.patch(path, json={"text": "First!"}).expect_status(200).expect_json(
        {"text": "First!", "edited_at": not_equal(None)})
    ann.get(path).expect_status(200).expect_json({"text": "First!"})


@PART.check("comments.delete", "DELETE /api/comments/{id}/ by its author or the post's author is 204 and takes "
                               "the replies with it; anyone else gets 403",
            hint="Allow the delete to the comment's author and to the post's author (a moderator of their own "
                 "post), 403 for others; parent's on_delete=CASCADE takes the replies with it.",
            anchor="deleting-a-comment", needs=MAIL)
def comments_delete(ctx):
    ann, bob, cat = Person(ctx), Person(ctx), Person(ctx)
    post = ann.write_post("Be nice down there.")
    first = bob.comment(post["id"], "First!")
    reply = cat.comment(post["id"], "Not again.", parent=first["id"])
    path = comment_path(first["id"])
    expect_answer(cat.delete(path), 403, f"DELETE {path} by someone who wrote neither the comment nor the post",
                  "they may see it, not delete it")
    expect_answer(bob.delete(path), 204, f"DELETE {path} by the comment's author", "their comment is theirs to delete")
    ann.get(path).expect_status(404, hint="The deleted comment is gone.")
    ann.get(comment_path(reply["id"])).expect_status(
        404, hint="A deleted comment takes its replies with it (ForeignKey(\"self\", on_delete=CASCADE)).")
    path = comment_path(cat.comment(post["id"], "Something rude.")["id"])
    expect_answer(ann.delete(path), 204, f"DELETE {path} by the post's author", "the post's author may delete "
                  "any comment on their post")
    cat.get(path).expect_status(404, hint="The deleted comment is gone.")


@PART.check("comments.follow-the-post", "Comments of a post you cannot see: 404 to list, write, read or list "
                                        "replies, as the post itself is",
            hint=ONE_RULE + " Comment.objects.visible_to(viewer) starts from the posts the viewer may see.",
            anchor="engagement-follows-the-post", needs=MAIL)
def comments_follow_the_post(ctx):
    ann, bob, cat = Person(ctx), Person(ctx), Person(ctx)
    bob.follow(ann)
    post = ann.write_post("For my followers.", "followers")
    comment = bob.comment(post["id"], "Glad to follow you.")
    expect_ids(bob.get(comments_path(post["id"])).expect_status(200), [comment["id"]],
               "the comments of a followers-only post, to a follower", "the follower's comment")
    for method, path, body in (("GET", comments_path(post["id"]), None),
                               ("POST", comments_path(post["id"]), {"text": "Let me in."}),
                               ("GET", comment_path(comment["id"]), None),
                               ("GET", f"/api/comments/{comment['id']}/replies/", None)):
        expect_hidden(ctx.request(method, path, headers=cat.auth, json=body),
                      f"{method} {path} by a stranger (the post is for followers)")
    # A refused comment is not stored either: the post's comments are still the follower's only
    expect_ids(ann.get(comments_path(post["id"])).expect_status(200), [comment["id"]],
               "the comments of the followers-only post, to its author, after the stranger's 404",
               "the follower's comment only: the stranger's POST was refused, so nothing of it may be stored")


@PART.check("comments.blocks", "A block hides comments both ways: neither sees the other's comments, others see "
                               "both",
            hint="In Comment.objects.visible_to(viewer), exclude comments whose author the viewer blocked or "
                 "who blocked the viewer (users_visible_to), in every list and on the comment's own page.",
            anchor="blocks-hide-comments", needs=MAIL)
def comments_blocks(ctx):
    ann, bob, cat = Person(ctx), Person(ctx), Person(ctx)
    post = ann.write_post("Everyone welcome.")
    path = comments_path(post["id"])
    by_bob = bob.comment(post["id"], "Bob was here.")["id"]
    by_cat = cat.comment(post["id"], "Cat was here.")["id"]
    bob.block(cat)
    expect_ids(ann.get(path).expect_status(200), [by_bob, by_cat], "the comments, to the post's author",
               "both: a block between two commenters hides them from each other only")
    for viewer, who, own, hidden in ((bob, "the blocker", by_bob, by_cat), (cat, "the blocked person", by_cat, by_bob)):
        expect_ids(viewer.get(path).expect_status(200), [own], f"the comments, to {who}",
                   f"{who}'s own comment only: the other's vanished with the block")
        expect_answer(viewer.get(comment_path(hidden)), 404, f"GET {comment_path(hidden)} by {who}",
                      "a block hides comments both ways")


@PART.check("comments.authors-block", "Blocking someone clears their comments from your posts, for everyone",
            hint="In Comment.objects.visible_to(viewer), also exclude comments whose author the post's author "
                 "blocked: ~Exists(Block.objects.filter(blocker=OuterRef(\"post__author\"), "
                 "blocked=OuterRef(\"author\"))).",
            anchor="blocks-hide-comments", needs=MAIL)
def comments_authors_block(ctx):
    ann, bob, cat = Person(ctx), Person(ctx), Person(ctx)
    post = ann.write_post("Be kind in the comments.")
    path = comments_path(post["id"])
    by_bob = bob.comment(post["id"], "Lovely.")["id"]
    by_cat = cat.comment(post["id"], "Something rude.")["id"]
    ann.block(cat)
    for viewer, who in ((bob, "someone else"), (ann, "the post's author")):
        expect_ids(viewer.get(path).expect_status(200), [by_bob], f"the comments, to {who}",
                   "Bob's comment only: the post's author blocked Cat, whose comment left the post for everyone")
        expect_answer(viewer.get(comment_path(by_cat)), 404, f"GET {comment_path(by_cat)} by {who}",
                      "the post's author blocked its author")


# -- reactions -------------------------------------------------------------------------------------------
@PART.check("reactions.put-replaces", "PUT /api/posts/{id}/reaction/ creates, a second PUT replaces; the post "
                                      "shows all six counts and my_reaction; an unknown type is a 400",
            hint="A Reaction with a UniqueConstraint(user, post) and type a choice of the six; PUT writes it "
                 "with an upsert and answers {type, reaction_counts, my_reaction}. The post's JSON counts "
                 "every type (zeros included) and my_reaction is the viewer's own.",
            anchor="reacting-to-a-post", needs=MAIL)
def reactions_put_replaces(ctx):
    ann, bob = Person(ctx), Person(ctx)
    post = ann.write_post("React to this.")
    path = f"/api/posts/{post['id']}/reaction/"
    liked = bob.put(path, json={"type": "like"}).expect_status(200)
    liked.expect_json({"type": "like", "my_reaction": "like"})
    expect_counts(liked, {"like": 1}, "after one like")
    loved = bob.put(path, json={"type": "love"}).expect_status(200)
    loved.expect_json({"type": "love", "my_reaction": "love"})
    expect_counts(loved, {"love": 1}, "after the same person changed like to love",
                  hint="PUT replaces the person's reaction: one row per person and post, never a second.")
    seen_by_ann = ann.get(post_path(post["id"])).expect_status(200)
    expect_counts(seen_by_ann, {"love": 1}, "on the post")
    seen_by_ann.expect_json({"my_reaction": None}, hint="my_reaction is the viewer's reaction: the author has none.")
    bob.get(post_path(post["id"])).expect_status(200).expect_json({"my_reaction": "love"})
    expect_refused(bob.put(path, json={"type": "meh"}), 'a reaction of type "meh"', "type", crash_hint="")


@PART.check("reactions.delete", "DELETE /api/posts/{id}/reaction/ is 204, and 204 again when there is nothing "
                                "left to delete",
            hint="Delete the viewer's reaction if there is one and answer 204 either way: a double click "
                 "must not be an error.",
            anchor="taking-a-reaction-back", needs=MAIL)
def reactions_delete(ctx):
    ann = Person(ctx)
    post = ann.write_post("Changed my mind.")
    ann.react(post["id"], "haha")
    path = f"/api/posts/{post['id']}/reaction/"
    expect_answer(ann.delete(path), 204, f"DELETE {path}", "the reaction taken back")
    expect_answer(ann.delete(path), 204, f"DELETE {path} a second time", "idempotent: nothing left to delete is fine")
    seen = ann.get(post_path(post["id"])).expect_status(200)
    expect_counts(seen, {}, "after the reaction was taken back")
    seen.expect_json({"my_reaction": None})


@PART.check("reactions.comments", "Comments take reactions too: PUT, the comment's counts and my_reaction, the "
                                  "list of who reacted, DELETE; the post's counts stay apart",
            hint="The same reaction endpoints under /api/comments/{id}/ (a reaction is on a post or on a "
                 "comment, never both), and reaction_counts / my_reaction on the comment's JSON.",
            anchor="reacting-to-comments", needs=MAIL)
def reactions_comments(ctx):
    ann, bob = Person(ctx), Person(ctx)
    post = ann.write_post("Comment and react.")
    comment = ann.comment(post["id"], "First comment.")
    path = comment_path(comment["id"])
    reacted = bob.put(f"{path}reaction/", json={"type": "wow"}).expect_status(200)
    reacted.expect_json({"type": "wow", "my_reaction": "wow"})
    expect_counts(reacted, {"wow": 1}, "after a wow on the comment")
    seen_by_bob = bob.get(path).expect_status(200)
    expect_counts(seen_by_bob, {"wow": 1}, "on the comment")
    seen_by_bob.expect_json({"my_reaction": "wow"})
    ann.get(path).expect_status(200).expect_json({"my_reaction": None})
    who = ann.get(f"{path}reactions/").expect_status(200)
    if usernames_in(who, "who reacted") != [bob.username]:
        raise CheckFailed(f"GET {path}reactions/ lists {json.dumps(usernames_in(who, 'who reacted'))}",
                          expected=f'one row: {{"user": {{"username": "{bob.username}", ...}}, "type": "wow"}}',
                          response=who)
    expect_counts(ann.get(post_path(post["id"])).expect_status(200), {}, "on the post",
                  hint="A reaction to a comment is not one to its post: count each on its own object.")
    expect_answer(bob.delete(f"{path}reaction/"), 204, f"DELETE {path}reaction/", "the reaction taken back")
    expect_counts(bob.get(path).expect_status(200), {}, "on the comment, after the reaction was taken back")


@PART.check("reactions.list", "GET /api/posts/{id}/reactions/: who reacted, newest first, ?type= filters; an "
                              "unknown type is a 400",
            hint="List the post's reactions by (-created_at, -id) with the user as a small profile, filter on "
                 "?type= after checking it is one of the six (else a ValidationError on \"type\"), paginated "
                 "by cursor.",
            anchor="who-reacted", needs=MAIL)
def reactions_list(ctx):
    ann, bob, cat = Person(ctx), Person(ctx), Person(ctx)
    post = ann.write_post("Who likes this?")
    bob.react(post["id"], "like")
    cat.react(post["id"], "love")
    path = f"/api/posts/{post['id']}/reactions/"
    for query, wanted, what in (("", [cat.username, bob.username], "everyone, newest first"),
                                ("?type=love", [cat.username], "only the love"),
                                ("?type=like", [bob.username], "only the like")):
        listed = ann.get(f"{path}{query}").expect_status(200)
        if usernames_in(listed, f"GET {path}{query}") != wanted:
            raise CheckFailed(f"GET {path}{query} lists {json.dumps(usernames_in(listed, 'the page'))} "
                              f"({bob.username} liked, then {cat.username} loved)",
                              expected=f"{json.dumps(wanted)}: {what}", response=listed)
    expect_refused(ann.get(f"{path}?type=meh"), "?type=meh", "type", crash_hint="")


@PART.check("reactions.follow-the-post", "Reactions to a post you cannot see: 404 to react, take back or list, "
                                         "and nothing stored",
            hint=ONE_RULE, anchor="engagement-follows-the-post", needs=MAIL)
def reactions_follow_the_post(ctx):
    ann, bob, cat = Person(ctx), Person(ctx), Person(ctx)
    bob.follow(ann)
    post = ann.write_post("For my followers.", "followers")
    path = f"/api/posts/{post['id']}/reaction/"
    expect_answer(bob.put(path, json={"type": "like"}), 200, f"PUT {path} by a follower", "a follower may react")
    for method, target, body in (("PUT", path, {"type": "angry"}), ("DELETE", path, None),
                                 ("GET", f"/api/posts/{post['id']}/reactions/", None)):
        expect_hidden(ctx.request(method, target, headers=cat.auth, json=body),
                      f"{method} {target} by a stranger (the post is for followers)")
    expect_counts(ann.get(post_path(post["id"])).expect_status(200), {"like": 1},
                  "after a follower's like and a stranger's refused angry")


# People (or identical requests) reacting at the same moment. Ten: runserver queues ten
# connections it has not accepted yet and resets the next ones, and ten at once race enough.
BURST = 10


def all_at_once(work, count: int) -> list:
    """`work(n)` for n in 0..count-1 from `count` threads released together; the answers, in order.
    Every request has a timeout and the start waits at most 10 s, so a burst never hangs."""
    start = threading.Barrier(count, timeout=10)

    def run(number):
        try:
            start.wait()
        except threading.BrokenBarrierError:
            pass  # a thread was late: send anyway, the burst is only less tight
        return work(number)

    with ThreadPoolExecutor(max_workers=count) as pool:
        return list(pool.map(run, range(count)))


def expect_all_answered(answers: list, what: str) -> None:
    failed = [answer for answer in answers if answer.status != 200]
    if failed:
        raise CheckFailed(f"{len(failed)} of {len(answers)} {what} failed (status {failed[0].status})",
                          expected=f"{len(answers)} answers 200", response=failed[0])


@PART.check("reactions.burst-many-people", f"{BURST} people react to one post at the same moment: every "
                                           f"reaction counted",
            hint="Count reactions from the rows (a Count or a grouped query), or keep a counter with F() "
                 "updates in the same transaction; a counter read, incremented and saved in Python loses "
                 "reactions under concurrency.",
            anchor="reactions-under-concurrency", needs=RACE, time_limit=180)
def reactions_burst_many_people(ctx):
    ann = Person(ctx)
    post = ann.write_post("Everyone at once!")
    ann.react(post["id"], "love")
    with ThreadPoolExecutor(max_workers=4) as pool:  # signing up is slow (password hashing): a few at a time
        people = list(pool.map(lambda _: Person(ctx), range(BURST)))
    path = f"/api/posts/{post['id']}/reaction/"
    answers = all_at_once(lambda number: people[number].put(path, json={"type": "like"}), BURST)
    expect_all_answered(answers, f"likes sent at once by {BURST} people")
    expect_counts(ann.get(post_path(post["id"])).expect_status(200), {"like": BURST, "love": 1},
                  f"after the author's love and {BURST} likes sent at once by {BURST} people")


@PART.check("reactions.burst-one-person", f"{BURST} identical reactions by one person at once: all answered, one "
                                          "reaction stored",
            hint="Make PUT safe under concurrency: the UniqueConstraint(user, post) plus an upsert "
                 "(bulk_create(update_conflicts=True, unique_fields=..., update_fields=[\"type\"]) or catch "
                 "the IntegrityError and update); update_or_create alone races into a 500 or a second row.",
            anchor="reactions-under-concurrency", needs=RACE, time_limit=120)
def reactions_burst_one_person(ctx):
    ann = Person(ctx)
    for round_number in (1, 2, 3):  # a race shows up often, not always: three rounds
        post = ann.write_post(f"Double click, round {round_number}.")
        path = f"/api/posts/{post['id']}/reaction/"
        answers = all_at_once(lambda _: ann.put(path, json={"type": "like"}), BURST)
        expect_all_answered(answers, "identical likes sent at once by one person")
        who = ann.get(f"/api/posts/{post['id']}/reactions/?page_size=100").expect_status(200)
        if usernames_in(who, "who reacted") != [ann.username]:
            raise CheckFailed(f"after {BURST} identical likes at once by one person, GET "
                              f"/api/posts/{post['id']}/reactions/ lists {len(usernames_in(who, 'the page'))} rows",
                              expected="one row: one reaction per person and post", response=who)
        expect_counts(ann.get(post_path(post["id"])).expect_status(200), {"like": 1},
                      f"after {BURST} identical likes at once by one person")


# -- shares ------------------------------------------------------------------------------------------------
def expect_shares(response, original: dict, what: str) -> None:
    """The answer is a post whose shared_post is `original` (by id, with its text)."""
    body = response.json()
    shared = body.get("shared_post") if isinstance(body, dict) else None
    if not isinstance(shared, dict) or shared.get("id") != original["id"] or shared.get("text") != original.get("text"):
        shown = json.dumps({key: shared.get(key) for key in ("id", "text")}) if isinstance(shared, dict) else \
            json.dumps(shared)
        raise CheckFailed(f'{what}: "shared_post" is {shown}',
                          expected=f'"shared_post": the original post\'s JSON ({{"id": "{original["id"]}", "text": '
                                   f'{json.dumps(original.get("text"))}, ...}})', response=response,
                          hint="A share always points at the original: when the post shared is itself a share, "
                               "share its shared_post instead.")


@PART.check("shares.repost-and-quote", "POST /api/posts/{id}/share/: reposts and quotes hold the original (a "
                                       "share of a share too); a second repost is 200 with the first",
            hint="A share is a Post with shared_post set (never to another share: follow it to its original); "
                 "a repost without text is unique per (author, shared_post) with a partial UniqueConstraint, "
                 "and a second one answers the first with 200. Count shares with one subquery.",
            anchor="reposts-and-quotes", needs=MAIL)
def shares_repost_and_quote(ctx):
    ann, bob = Person(ctx), Person(ctx)
    original = ann.write_post(f"Worth sharing {secrets.token_hex(3)}")
    path = f"/api/posts/{original['id']}/share/"
    repost = bob.post(path, json={}).expect_status(201)
    repost.expect_json({"id": AN_ID, "text": ""})
    expect_shares(repost, original, "the repost")
    again = bob.post(path, json={})
    if again.status != 200 or not isinstance(again.json(), dict) or again.json().get("id") != repost.json()["id"]:
        raise CheckFailed(f"a second repost of the same post by the same person answered {again.status}",
                          expected=f'200 with the first repost ("id": "{repost.json()["id"]}"): a double click '
                                   "shares once", response=again)
    quote = bob.post(path, json={"text": "So true."}).expect_status(201)
    quote.expect_json({"text": "So true.", "id": not_equal(repost.json()["id"])},
                      hint="Quotes are not limited: only a repost without text is one per person.")
    expect_shares(quote, original, "the quote")
    requoted = ann.post(f"/api/posts/{quote.json()['id']}/share/", json={"text": "Quoting a quote."})
    expect_shares(requoted.expect_status(201), original, "a quote of the quote")
    ann.get(post_path(original["id"])).expect_status(200).expect_json(
        {"shares_count": 3, "quote_policy": "everyone"},
        hint="shares_count counts every share of the post: the repost, the quote and the quote of the quote "
             "(which shares the original).")


@PART.check("shares.audience", "A public share of a followers-only post is 404 to a stranger and missing from "
                               "the sharer's posts for them: a share never widens the audience",
            hint="In Post.objects.visible_to(viewer), a share is visible only when its original is visible to "
                 "the viewer too (the same rule applied through shared_post), so every list honours it.",
            anchor="a-share-never-widens-the-audience", needs=MAIL)
def shares_audience(ctx):
    ann, bob, cat = Person(ctx), Person(ctx), Person(ctx)
    bob.follow(ann)
    original = ann.write_post("Just for my followers.", "followers")
    share = bob.share(original["id"], visibility="public")
    timeline = f"/api/users/{bob.username}/posts/"
    if share["id"] not in ids_in(bob.get(timeline).expect_status(200), "the sharer's posts"):
        raise CheckFailed(f"{timeline} does not list the sharer's own repost to them",
                          expected=f"the repost {share['id']} listed", response=ctx.last_response)
    expect_answer(cat.get(post_path(share["id"])), 404,
                  f"GET {post_path(share['id'])} (a public repost of a followers-only post) by a stranger",
                  "the stranger may not see the original, so not its share either")
    listed = cat.get(timeline).expect_status(200)
    if share["id"] in ids_in(listed, "the sharer's posts"):
        raise CheckFailed(f"{timeline} lists the public repost of a followers-only post to a stranger",
                          expected="the repost left out, as its own page is a 404 to them", response=listed,
                          hint="Build every list from Post.objects.visible_to(request.user), which checks the "
                               "original of a share too.")


@PART.check("shares.go-with-the-original", "Deleting the original deletes its shares: 404, and gone from the "
                                           "sharer's posts",
            hint="shared_post = ForeignKey(\"self\", on_delete=CASCADE): a share disappears with its original.",
            anchor="a-share-goes-with-its-original", needs=MAIL)
def shares_go_with_the_original(ctx):
    ann, bob = Person(ctx), Person(ctx)
    original = ann.write_post("Here today.")
    share = bob.share(original["id"], "Gone tomorrow?")
    ann.delete(post_path(original["id"])).expect_status(204)
    expect_answer(bob.get(post_path(share["id"])), 404, f"GET {post_path(share['id'])}, the sharer's quote of a "
                  "deleted post", "the share went with its original")
    listed = bob.get(f"/api/users/{bob.username}/posts/").expect_status(200)
    if share["id"] in ids_in(listed, "the sharer's posts"):
        raise CheckFailed("the sharer's posts still list the quote of a deleted post",
                          expected="the share gone with its original", response=listed)


@PART.check("shares.quote-policy", "quote_policy nobody refuses every quote (403 quote_not_allowed); followers "
                                   "lets a follower quote and refuses a stranger",
            hint="PATCH /api/posts/{id}/ accepts quote_policy (everyone, followers, nobody); the share service "
                 "refuses a quote with PermissionDenied(code=\"quote_not_allowed\") when the policy is nobody, "
                 "or followers and the sharer is neither the author nor an accepted follower.",
            anchor="quote-policies", needs=MAIL)
def shares_quote_policy(ctx):
    ann, bob, cat = Person(ctx), Person(ctx), Person(ctx)
    bob.follow(ann)
    original = ann.write_post("Quote me if you dare.")
    path = f"/api/posts/{original['id']}/share/"
    for policy, cases in (("nobody", ((bob, "a follower", 403),)),
                          ("followers", ((bob, "a follower", 201), (cat, "a stranger", 403)))):
        ann.patch(post_path(original["id"]), json={"quote_policy": policy}).expect_status(200).expect_json(
            {"quote_policy": policy})
        for person, who, status in cases:
            response = person.post(path, json={"text": f"Quoting, by {who}."})
            why = "they may quote" if status == 201 else "a quote the policy does not allow"
            expect_answer(response, status, f"a quote by {who} of a post whose quote_policy is {policy}", why)
            if status == 403:
                response.expect_json({"code": "quote_not_allowed"})
