import pytest

from households.models import Household, Membership


def test_owner_sees_the_household_and_herself(people, as_):
    response = as_(people.alice).get("/household")
    assert response.status_code == 200
    data = response.json()
    assert data["name"] == "Alice and Bob"
    assert data["time_zone"] == "Europe/London"
    assert data["me"] == {
        "id": people.alice.pk,
        "display_name": "Mum",
        "role": "owner",
        "is_me": True,
        "listening": False,
        "cry_notice_minutes": 0,
    }


def test_outsider_sees_only_his_own_household(people, as_):
    data = as_(people.charlie).get("/household").json()
    assert data["id"] == people.charlies_household.pk
    members = as_(people.charlie).get("/members").json()
    assert [m["display_name"] for m in members] == ["Papa"]


def test_anonymous_gets_401(people, as_):
    response = as_(None).get("/household")
    assert response.status_code == 401
    assert response.json()["errors"] == {}
    assert "Bearer" in response.json()["detail"]


def test_a_user_without_a_household_gets_403_saying_so(people, homeless, as_):
    response = as_(homeless).get("/household")
    assert response.status_code == 403
    assert "not part of a household" in response.json()["detail"]


def test_owner_changes_the_household(people, as_):
    response = as_(people.alice).patch(
        "/household", json={"name": "The Smiths", "time_zone": "Europe/Dublin"}
    )
    assert response.status_code == 200, response.json()
    household = Household.objects.get(pk=people.household.pk)
    assert (household.name, household.time_zone, household.country) == (
        "The Smiths",
        "Europe/Dublin",
        "GB",
    )


@pytest.mark.parametrize("who", ["bob", "vera"])
def test_only_the_owner_changes_the_household(people, as_, who):
    response = as_(getattr(people, who)).patch("/household", json={"name": "Ours"})
    assert response.status_code == 403
    assert Household.objects.get(pk=people.household.pk).name == "Alice and Bob"


def test_a_bad_time_zone_is_named(people, as_):
    response = as_(people.alice).patch("/household", json={"time_zone": "Mars/Olympus"})
    assert response.status_code == 422
    assert "time_zone" in response.json()["errors"]


def test_members_lists_everyone_with_roles(people, as_):
    members = as_(people.bob).get("/members").json()
    assert [(m["display_name"], m["role"], m["is_me"]) for m in members] == [
        ("Mum", "owner", False),
        ("Dad", "parent", True),
        ("Grandma", "viewer", False),
    ]


def test_partner_renames_himself(people, as_):
    response = as_(people.bob).patch(f"/members/{people.bob.pk}", json={"display_name": "Papa"})
    assert response.status_code == 200
    assert Membership.objects.get(pk=people.bob.pk).display_name == "Papa"


def test_partner_cant_rename_others(people, as_):
    response = as_(people.bob).patch(f"/members/{people.alice.pk}", json={"display_name": "X"})
    assert response.status_code == 403


def test_viewer_cant_rename_others(people, as_):
    response = as_(people.vera).patch(f"/members/{people.bob.pk}", json={"display_name": "X"})
    assert response.status_code == 403
    assert Membership.objects.get(pk=people.bob.pk).display_name == "Dad"


def test_a_taken_display_name_is_refused(people, as_):
    response = as_(people.alice).patch(f"/members/{people.bob.pk}", json={"display_name": "Mum"})
    assert response.status_code == 422
    assert "display_name" in response.json()["errors"]


def test_outsider_gets_404_renaming_a_member(people, as_):
    response = as_(people.charlie).patch(
        f"/members/{people.alice.pk}", json={"display_name": "Hacked"}
    )
    assert response.status_code == 404
    assert Membership.objects.get(pk=people.alice.pk).display_name == "Mum"


def test_wrong_method_gets_405(people, as_):
    assert as_(people.alice).delete("/household").status_code == 405


def test_each_member_sees_only_their_own_cry_notice_length(people, as_):
    Membership.objects.filter(pk=people.alice.pk).update(cry_notice_minutes=20)
    members = as_(people.bob).get("/members").json()
    assert {m["display_name"]: m["cry_notice_minutes"] for m in members} == {
        "Mum": None,  # personal, like quiet hours
        "Dad": 0,
        "Grandma": None,
    }
    assert as_(people.alice).get("/household").json()["me"]["cry_notice_minutes"] == 20


def test_a_member_sets_their_own_cry_notice_and_keeps_their_name(people, as_):
    response = as_(people.bob).patch(f"/members/{people.bob.pk}", json={"cry_notice_minutes": 10})
    assert response.status_code == 200
    assert (response.json()["display_name"], response.json()["cry_notice_minutes"]) == ("Dad", 10)
    response = as_(people.bob).patch(
        f"/members/{people.bob.pk}", json={"display_name": "Papa", "cry_notice_minutes": 0}
    )
    assert (response.json()["display_name"], response.json()["cry_notice_minutes"]) == ("Papa", 0)
    assert Membership.objects.get(pk=people.bob.pk).cry_notice_minutes == 0


@pytest.mark.parametrize("value", [7, "10", True, -5])
def test_a_cry_notice_length_not_offered_is_a_422_naming_it(people, as_, value):
    response = as_(people.bob).patch(
        f"/members/{people.bob.pk}", json={"cry_notice_minutes": value}
    )
    assert response.status_code == 422
    assert any("cry_notice_minutes" in name for name in response.json()["errors"])
    assert Membership.objects.get(pk=people.bob.pk).cry_notice_minutes == 0


def test_nobody_sets_another_members_cry_notice(people, as_):
    response = as_(people.alice).patch(
        f"/members/{people.bob.pk}", json={"display_name": "Papa", "cry_notice_minutes": 5}
    )
    assert response.status_code == 403
    bob = Membership.objects.get(pk=people.bob.pk)
    assert (bob.display_name, bob.cry_notice_minutes) == ("Dad", 0)
    viewer = as_(people.vera).patch(f"/members/{people.vera.pk}", json={"cry_notice_minutes": 5})
    assert viewer.status_code == 403
    outsider = as_(people.charlie).patch(
        f"/members/{people.bob.pk}", json={"cry_notice_minutes": 5}
    )
    assert outsider.status_code == 404


def test_a_patch_with_nothing_in_it_is_still_refused_to_those_who_may_not(people, as_):
    assert as_(people.vera).patch(f"/members/{people.alice.pk}", json={}).status_code == 403
    assert as_(people.bob).patch(f"/members/{people.alice.pk}", json={}).status_code == 403
    assert as_(people.bob).patch(f"/members/{people.bob.pk}", json={}).status_code == 200
