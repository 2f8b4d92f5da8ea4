import pytest
from django.urls import reverse

from households.models import Household, Membership

URL = reverse("web:household-new")


@pytest.fixture
def newcomer(db, client, django_user_model):
    user = django_user_model.objects.create_user("jordan", password="x")
    client.force_login(user)
    return user


def test_create_a_household_and_go_on_to_add_the_baby(newcomer, client):
    data = {
        "name": "The Parkers",
        "time_zone": "Europe/Dublin",
        "country": "ie",
        "display_name": "Dad",
    }
    response = client.post(URL, data)
    assert response["Location"] == reverse("web:baby-new")
    membership = Membership.objects.get(user=newcomer)
    assert membership.is_owner and membership.display_name == "Dad"
    assert (membership.household.time_zone, membership.household.country) == ("Europe/Dublin", "IE")


def test_invalid_input_re_renders_and_creates_nothing(newcomer, client):
    data = {"name": "  ", "time_zone": "Europe/London", "country": "Britain", "display_name": "Dad"}
    html = client.post(URL, data).content.decode()
    assert "Give the household a name." in html or "This field is required." in html
    assert 'id="id_country_error"' in html
    assert not Household.objects.exists()


def test_a_member_already_has_a_household(people, client_as):
    assert client_as(people.alice).get(URL)["Location"] == reverse("web:today")


def test_anonymous_must_log_in(db, client):
    assert client.get(URL)["Location"].startswith(reverse("web:login"))


def test_wrong_method_is_405(newcomer, client):
    assert client.put(URL).status_code == 405
