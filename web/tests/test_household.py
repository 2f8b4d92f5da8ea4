from django.urls import reverse

from households.models import Household

from .conftest import HTMX

URL = reverse("web:household")


def test_owner_sees_members_babies_and_settings(people, client_as):
    html = client_as(people.alice).get(URL).content.decode()
    for text in [
        "Mum",
        "Dad",
        "Grandma",
        "Sam",
        "Invite your partner",
        "Household details",
        "Your API tokens",
    ]:
        assert text in html
    assert "Papa" not in html and "Max" not in html


def test_partner_sees_the_page_without_the_owner_settings(people, client_as):
    html = client_as(people.bob).get(URL).content.decode()
    assert "Grandma" in html and "Household details" not in html


def test_owner_changes_the_time_zone(people, client_as):
    data = {"name": "Parkers", "time_zone": "America/Chicago", "country": "US"}
    response = client_as(people.alice).post(URL, data)
    assert response["Location"] == URL
    household = Household.objects.get(pk=people.household.pk)
    assert (household.name, household.time_zone, household.country) == (
        "Parkers",
        "America/Chicago",
        "US",
    )


def test_invalid_details_re_render_the_fragment_and_save_nothing(people, client_as):
    data = {"name": "Parkers", "time_zone": "Europe/London", "country": "G1"}
    response = client_as(people.alice).post(URL, data, **HTMX)
    html = response.content.decode()
    assert html.lstrip().startswith('<section id="details"')
    assert "Use the two-letter country code" in html
    assert Household.objects.get(pk=people.household.pk).name == "Alice and Bob"


def test_partner_and_viewer_may_not_change_the_details(people, client_as):
    data = {"name": "Mine now", "time_zone": "Europe/London", "country": "GB"}
    assert client_as(people.bob).post(URL, data).status_code == 403
    assert client_as(people.vera).post(URL, data).status_code == 403
    assert Household.objects.get(pk=people.household.pk).name == "Alice and Bob"


def test_htmx_gets_the_page_fragment(people, client_as):
    html = client_as(people.alice).get(URL, **HTMX).content.decode()
    assert html.lstrip().startswith('<div class="page-household">')


def test_outsider_sees_only_their_own_household(people, client_as):
    html = client_as(people.charlie).get(URL).content.decode()
    assert "Papa" in html and "Mum" not in html


def test_wrong_method_is_405(people, client_as):
    assert client_as(people.alice).delete(URL).status_code == 405
