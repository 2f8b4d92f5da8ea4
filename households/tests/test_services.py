import pytest

from households import services
from households.exceptions import InvalidInput, NotAllowed, NotFound


def test_owner_creates_household_and_partner_joins_by_link(db, django_user_model):
    mum = django_user_model.objects.create_user("mum1", password="x-long-password-1")
    dad = django_user_model.objects.create_user("dad1", password="x-long-password-1")
    owner = services.create_household(mum, "The Nests", "Europe/London", "gb", "Mum")
    assert owner.is_owner and owner.household.country == "GB"
    _, code = services.invite_member(owner, "Dad")
    dad_m = services.accept_invitation(dad, code, "Dad")
    assert dad_m.household == owner.household
    with pytest.raises(NotFound):
        services.find_invitation(code)  # single use


@pytest.mark.parametrize(
    ("fields", "bad"),
    [
        (("", "Europe/London", "GB"), "name"),
        (("Nest", "Mars/Olympus", "GB"), "time_zone"),
        (("Nest", "Europe/London", "GBR"), "country"),
    ],
)
def test_household_fields_are_checked(db, django_user_model, fields, bad):
    user = django_user_model.objects.create_user("u", password="x-long-password-1")
    with pytest.raises(InvalidInput) as info:
        services.create_household(user, *fields, display_name="Mum")
    assert bad in info.value.errors


def test_token_is_stored_hashed_and_authenticates(people):
    token, raw = services.create_token(people.bob, "shortcut")
    assert raw not in token.token_hash and token.token_hash != raw
    assert services.membership_for_token(raw) == people.bob
    services.revoke_token(people.bob, token.pk)
    assert services.membership_for_token(raw) is None


def test_one_cannot_revoke_anothers_token(people):
    token, _ = services.create_token(people.alice)
    with pytest.raises(NotFound):
        services.revoke_token(people.charlie, token.pk)


def test_only_owner_renames_others(people):
    with pytest.raises(NotAllowed):
        services.rename_member(people.bob, people.alice.pk, "Mummy")
    assert services.rename_member(people.alice, people.bob.pk, "Daddy").display_name == "Daddy"
    with pytest.raises(NotFound):
        services.rename_member(people.charlie, people.bob.pk, "X")


def test_display_names_are_unique_within_a_household(people):
    with pytest.raises(InvalidInput) as info:
        services.rename_member(people.bob, people.bob.pk, "Mum")
    assert "display_name" in info.value.errors


def test_viewer_cannot_rename_even_themselves(people):
    with pytest.raises(NotAllowed):
        services.rename_member(people.vera, people.vera.pk, "Nana")


def test_an_invitation_link_admits_one_person_even_if_used_twice(people, django_user_model):
    from unittest import mock

    from households.models import Membership

    _, code = services.invite_member(people.alice, "Grandpa")
    first = django_user_model.objects.create_user("g1", password="x-long-password-1")
    second = django_user_model.objects.create_user("g2", password="x-long-password-1")
    # The second person's request read the link just before the first accepted it.
    stale = services.find_invitation(code)
    services.accept_invitation(first, code, "Grandpa")
    with (
        mock.patch.object(services, "find_invitation", return_value=stale),
        pytest.raises(NotFound),
    ):
        services.accept_invitation(second, code, "Grandpa 2")
    assert not Membership.objects.filter(user=second).exists()


def test_listening_is_off_until_a_member_turns_it_on_for_themselves(people):
    assert not people.alice.listening and not people.bob.listening
    services.set_listening(people.bob, True)
    people.alice.refresh_from_db()
    people.bob.refresh_from_db()
    assert people.bob.listening and not people.alice.listening
    services.set_listening(people.bob, False)
    people.bob.refresh_from_db()
    assert not people.bob.listening


def test_a_viewer_cannot_turn_listening_on(people):
    with pytest.raises(NotAllowed):
        services.set_listening(people.vera, True)
    people.vera.refresh_from_db()
    assert not people.vera.listening


def test_the_cry_notice_is_off_until_a_member_chooses_a_length_for_themselves(people):
    assert people.alice.cry_notice_minutes == people.bob.cry_notice_minutes == 0
    services.set_cry_notice(people.bob, 10)
    people.alice.refresh_from_db()
    people.bob.refresh_from_db()
    assert (people.bob.cry_notice_minutes, people.alice.cry_notice_minutes) == (10, 0)


@pytest.mark.parametrize("minutes", [7, -5, 60, True])
def test_a_cry_notice_length_not_offered_is_refused_naming_it(people, minutes):
    with pytest.raises(InvalidInput) as info:
        services.set_cry_notice(people.bob, minutes)
    assert "cry_notice_minutes" in info.value.errors
    people.bob.refresh_from_db()
    assert people.bob.cry_notice_minutes == 0


def test_a_viewer_cannot_ask_for_the_cry_notice(people):
    with pytest.raises(NotAllowed):
        services.set_cry_notice(people.vera, 5)
