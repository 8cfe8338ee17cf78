"""
python manage.py seed_demo: a few demo people, their ties, posts and reactions, so the finished backend has
something to show. Safe to run again: it only adds what is missing.
"""
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from engagement import services as engagement
from engagement.models import Comment
from posts import services as posts
from posts.models import Post
from social import rules, services

PASSWORD = "demo-pass-2024"
PEOPLE = [
    # username, display name, bio, private account
    ("ann", "Ann Archer", "Coffee, cameras and long walks.", False),
    ("bob", "Bob Baker", "Bakes bread, writes code.", False),
    ("cat", "Cat Carter", "Private by default.", True),
    ("dan", "Dan Dalton", "Here for the cat pictures.", False),
    ("eve", "Eve Evans", "Always listening.", False),
]
POSTS = [
    # author, visibility, text
    ("ann", "public", "First light over the harbour this morning. #photography #sunrise"),
    ("ann", "followers", "Testing a new lens before the weekend trip, @bob you'll love it. #photography"),
    ("bob", "public", "Sourdough, day three: the starter finally smells right. #baking"),
    ("cat", "public", "A private account's public post: only approved followers see it. #cats"),
    ("dan", "friends", "Friends only: who is up for a climb on Saturday?"),
]


class Command(BaseCommand):
    help = "Create demo users (password: %s) with follows, friendships, a block and posts." % PASSWORD

    @transaction.atomic
    def handle(self, *args, **options):
        people = {username: self.person(username, name, bio, private) for username, name, bio, private in PEOPLE}
        services.follow_create(follower=people["ann"], target=people["bob"])
        services.follow_create(follower=people["bob"], target=people["dan"])
        services.follow_create(follower=people["dan"], target=people["ann"])
        services.follow_create(follower=people["ann"], target=people["cat"])  # a request: Cat is private
        for a, b in (("ann", "dan"), ("bob", "cat")):
            if people[b].pk not in set(rules.friend_ids(people[a])):
                services.friend_request_send(sender=people[a], target=people[b])
                services.friend_request_send(sender=people[b], target=people[a])
        services.user_block(blocker=people["dan"], blocked=people["eve"])
        for username, visibility, text in POSTS:
            if not Post.objects.filter(author=people[username], text=text).exists():
                posts.post_create(author=people[username], text=text, visibility=visibility)
        self.engage(people)
        self.stdout.write(self.style.SUCCESS(
            f"Demo data ready: log in as ann@demo.example (or bob, cat, dan, eve) with the password {PASSWORD}"))

    def engage(self, people) -> None:
        """Comments, a reply, reactions and a repost on Ann's public post (each added once)."""
        harbour = Post.objects.get(author=people["ann"], text=POSTS[0][2])
        if not Comment.objects.filter(post=harbour).exists():
            question = engagement.comment_create(author=people["bob"], post=harbour, text="Which lens was that?")
            engagement.comment_create(author=people["ann"], post=harbour, text="The old 35 mm.", parent=question)
        for username, reaction in (("bob", "love"), ("dan", "like")):
            engagement.react(user=people[username], type=reaction, post=harbour)
        posts.post_share(sharer=people["dan"], post=harbour)  # a second run finds the same repost

    def person(self, username, display_name, bio, private) -> User:
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User.objects.create_user(email=f"{username}@demo.example", username=username, password=PASSWORD)
            user.email_verified_at = timezone.now()
            user.save(update_fields=["email_verified_at"])
            profile = user.profile
            profile.display_name, profile.bio, profile.is_private = display_name, bio, private
            profile.save()
        return user
