"""Hashtags and mentions read from a post's text: what counts, how tags are stored, who gets linked."""
import pytest

from posts import services
from posts.parsing import hashtags_in, mentions_in, normalise_tag
from social.services import user_block


# -- hashtags --------------------------------------------------------------------------------------
def test_a_tag_is_a_hash_and_a_word():
    assert hashtags_in("Morning run #running, then #coffee_time!") == ["running", "coffee_time"]


def test_tags_in_any_letter_case_or_unicode_form_are_one_tag():
    # NFKC then casefold: capitals, a decomposed é (e + combining accent), a fullwidth letter
    assert hashtags_in("#Café #CAFÉ #cafe\u0301 #ｃａｆé") == ["café"]
    assert normalise_tag("#Straße") == normalise_tag("STRASSE") == "strasse"


@pytest.mark.parametrize("text,tags", [
    ("#東京 #Москва #مرحبا", ["東京", "москва", "مرحبا"]),
    ("#हिन्दी", ["हिन्दी"]),      # combining vowel signs are part of the word
    ("#naïve_2024", ["naïve_2024"]),
])
def test_tags_can_be_written_in_any_script(text, tags):
    assert hashtags_in(text) == tags


def test_a_tag_made_only_of_digits_is_no_tag():
    assert hashtags_in("#1 fan, #2024 was great, #2024goals") == ["2024goals"]
    assert hashtags_in("#١٢٣") == []  # digits in any script


def test_no_tag_inside_a_word_an_html_entity_or_after_another_hash():
    assert hashtags_in("C#sharp it&#39;s ##double a#b") == []


def test_emails_and_links_bring_no_tags():
    assert hashtags_in("write to ann@example.com or see example.com/page#section") == []


def test_a_tag_is_at_most_100_characters():
    longest = "a" * 100

    assert hashtags_in(f"#{longest}") == [longest]
    assert hashtags_in(f"#{longest}b") == []  # too long: not cut short, just not a tag


def test_each_tag_once_in_order_of_first_appearance():
    assert hashtags_in("#b #a #B #c #a") == ["b", "a", "c"]


@pytest.mark.parametrize("raw,name", [("Café", "café"), ("#CAFÉ", "café"), ("1", None), ("", None),
                                      ("two words", None), ("a/b", None), ("nul\x00", None), ("x" * 101, None)])
def test_a_tag_from_a_url_is_normalised_the_same_way(raw, name):
    assert normalise_tag(raw) == name


# -- mentions ----------------------------------------------------------------------------------------
def test_mentions_are_usernames_after_an_at_sign():
    assert mentions_in("Thanks @Bob and @cat_2, cc @bob") == ["bob", "cat_2"]


def test_an_email_address_or_an_impossible_username_mentions_nobody():
    assert mentions_in("ann@example.com @annécy @" + "a" * 31 + " @") == []


@pytest.mark.django_db
def test_a_mention_links_the_user_whatever_the_letter_case(people):
    post = services.post_create(author=people.ann, text="Lunch with @BOB and @Cat")

    assert list(post.mentions.order_by("username").values_list("username", flat=True)) == ["bob", "cat"]


@pytest.mark.django_db
def test_a_mention_of_nobody_links_nothing_and_keeps_the_text(people):
    post = services.post_create(author=people.ann, text="Hello @nobody_here")

    assert post.mentions.count() == 0
    assert post.text == "Hello @nobody_here"


@pytest.mark.django_db
def test_a_mention_of_someone_who_blocked_the_author_links_nothing(people):
    user_block(blocker=people.bob, blocked=people.ann)

    post = services.post_create(author=people.ann, text="@bob @cat")

    assert list(post.mentions.values_list("username", flat=True)) == ["cat"]


@pytest.mark.django_db
def test_an_inactive_or_unverified_user_is_not_linked(people, make_user):
    people.cat.is_active = False
    people.cat.save()
    make_user(email="dan@example.com", username="dan", verified=False)

    post = services.post_create(author=people.ann, text="@cat @dan")

    assert post.mentions.count() == 0
