"""The household page's "Download everything (zip)" and the "Delete this household" page."""

from __future__ import annotations

import io
import json
import zipfile

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from carelog.models import Event
from households.models import Household, Membership
from households.tests.test_portability import build_world, row_counts

from .conftest import HTMX

EXPORT = reverse("web:household-export")
DELETE = reverse("web:household-delete")


@pytest.fixture
def world(people, frozen):
    return build_world(people.alice, people.bob, people.vera, people.baby)


def files_of(response) -> dict[str, str]:  # noqa: ANN001
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        return {name: archive.read(name).decode("utf-8") for name in archive.namelist()}


# -- the household page ----------------------------------------------------------------------


def test_the_household_page_offers_the_download_and_to_the_owner_deletion(world, client_as):
    page = client_as(world.owner).get(reverse("web:household")).content.decode()
    assert f'href="{EXPORT}"' in page and "Download everything (zip)" in page
    assert f'href="{DELETE}"' in page


def test_a_partner_sees_the_download_but_not_deletion(world, client_as):
    page = client_as(world.partner).get(reverse("web:household")).content.decode()
    assert f'href="{EXPORT}"' in page
    assert f'href="{DELETE}"' not in page


def test_a_viewer_sees_neither(world, client_as):
    page = client_as(world.viewer).get(reverse("web:household")).content.decode()
    assert EXPORT not in page and DELETE not in page


# -- export ---------------------------------------------------------------------------------


def test_the_download_is_the_households_zip(world, client_as):
    response = client_as(world.owner).get(EXPORT)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"].startswith("attachment; filename=")
    files = files_of(response)
    data = json.loads(files["nestling-export.json"])
    assert len(data["events"]) == Event.objects.filter(household=world.household).count()


@pytest.mark.parametrize("who", ["owner", "partner"])
def test_a_partners_check_ins_never_leak_into_the_others_download(world, client_as, who):
    files = files_of(client_as(getattr(world, who)).get(EXPORT))
    data = json.loads(files["nestling-export.json"])
    mine = getattr(world, f"{who}_check_in").pk
    theirs = (world.partner_check_in if who == "owner" else world.owner_check_in).pk
    ids = [c["id"] for c in data["check_ins"]]
    assert mine in ids and theirs not in ids
    if who == "owner":
        text = "".join(files.values())
        assert not [s for s in world.partner_secrets if s in text]


def test_a_viewer_cannot_download(world, client_as):
    assert client_as(world.viewer).get(EXPORT).status_code == 403


def test_an_outsider_downloads_only_his_own_household(world, people, client_as):
    files = files_of(client_as(people.charlie).get(EXPORT))
    data = json.loads(files["nestling-export.json"])
    assert data["household"]["name"] == "Charlie's" and data["events"] == []
    assert "Alice and Bob" not in "".join(files.values())


def test_download_needs_a_login_and_a_get(world, client_as):
    assert Client().get(EXPORT).status_code == 302
    assert client_as(world.owner).post(EXPORT).status_code == 405


# -- deletion -------------------------------------------------------------------------------


def test_the_owner_sees_the_confirmation_page(world, client_as):
    response = client_as(world.owner).get(DELETE)
    assert response.status_code == 200
    html = response.content.decode()
    assert "To confirm, type the household's name: <strong>Alice and Bob</strong>" in html
    assert 'name="confirm"' in html


def test_the_right_name_deletes_everything_and_logs_out(world, client_as):
    client = client_as(world.owner)
    response = client.post(DELETE, {"confirm": "Alice and Bob"})
    assert response.status_code == 302 and response["Location"] == reverse("web:login")
    assert not Household.objects.filter(name="Alice and Bob").exists()
    assert not get_user_model().objects.filter(username__in=["alice", "bob", "vera"]).exists()
    assert not Event.objects.filter(household_id=world.household.pk).exists()
    page = client.get(response["Location"]).content.decode()
    assert "The household Alice and Bob and everything in it are deleted." in page
    assert client.get(reverse("web:household")).status_code == 302  # to log in


def test_a_wrong_name_deletes_nothing_and_says_why(world, client_as):
    client = client_as(world.owner)
    counts = row_counts()
    response = client.post(DELETE, {"confirm": "alice and bob"})
    assert response.status_code == 200
    assert "Type the household&#x27;s name, “Alice and Bob”, exactly as shown." in (
        response.content.decode()
    )
    assert row_counts() == counts


def test_htmx_gets_the_form_fragment_back_or_a_client_redirect(world, client_as):
    client = client_as(world.owner)
    response = client.post(DELETE, {"confirm": "nope"}, **HTMX)
    assert response.content.decode().lstrip().startswith('<section id="delete-household"')
    response = client.post(DELETE, {"confirm": "Alice and Bob"}, **HTMX)
    assert response["HX-Redirect"] == reverse("web:login")


@pytest.mark.parametrize("who", ["partner", "viewer"])
def test_only_the_owner_may_delete(world, client_as, who):
    client = client_as(getattr(world, who))
    counts = row_counts()
    assert client.get(DELETE).status_code == 403
    assert client.post(DELETE, {"confirm": "Alice and Bob"}).status_code == 403
    assert row_counts() == counts


def test_an_outsider_can_only_ever_delete_his_own(world, people, client_as):
    client = client_as(people.charlie)
    counts = row_counts()
    assert client.post(DELETE, {"confirm": "Alice and Bob"}).status_code == 200
    assert row_counts() == counts
    client.post(DELETE, {"confirm": "Charlie's"})
    assert Household.objects.filter(name="Alice and Bob").exists()
    assert not Membership.objects.filter(household_id=people.charlies_household.pk).exists()
