import re

from django.contrib.auth import get_user_model
from django.urls import reverse

from households.models import Invitation, Membership

from .conftest import HTMX

URL = reverse("web:invitation-add")


def invite(client, **data):
    response = client.post(URL, {"role": "parent", **data}, **HTMX)
    match = re.search(r'value="http://testserver(/join/[^/]+/)"', response.content.decode())
    return response, match.group(1) if match else None


def test_the_link_is_shown_once(people, client_as, settings):
    settings.SITE_URL = "https://nestling.example.org"
    client = client_as(people.alice)
    response = client.post(URL, {"display_name": "Grandpa", "role": "viewer"})
    assert response["Location"] == reverse("web:household") + "#invite"
    page = client.get(reverse("web:household")).content.decode()
    assert "https://nestling.example.org/join/" in page
    assert (
        "https://nestling.example.org/join/"
        not in client.get(reverse("web:household")).content.decode()
    )
    invitation = Invitation.objects.get()
    assert (invitation.display_name, invitation.role) == ("Grandpa", "viewer")


def test_htmx_gets_the_invite_fragment_with_the_link(people, client_as, settings):
    settings.SITE_URL = "http://testserver"
    response, path = invite(client_as(people.bob))
    assert response.content.decode().lstrip().startswith('<section id="invite"')
    assert path is not None


def test_viewer_cannot_invite(people, client_as):
    assert client_as(people.vera).post(URL, {"role": "parent"}).status_code == 403
    assert not Invitation.objects.exists()


def test_wrong_method_is_405(people, client_as):
    assert client_as(people.alice).get(URL).status_code == 405


def test_a_new_person_signs_up_through_the_link(people, client, client_as, settings):
    settings.SITE_URL = "http://testserver"
    _response, path = invite(client_as(people.alice), display_name="Grandpa")
    client.logout()
    page = client.get(path).content.decode()
    assert "Join Alice and Bob" in page and 'value="Grandpa"' in page
    response = client.post(
        path, {"username": "grandpa", "password": "a-long-enough-secret", "display_name": "Grandpa"}
    )
    assert response["Location"] == reverse("web:today")
    member = Membership.objects.get(user__username="grandpa")
    assert member.household == people.household and member.role == "parent"
    # Used once: the link no longer works.
    client.logout()
    assert client.get(path).status_code == 404


def test_joining_with_a_taken_name_creates_no_login(people, client, client_as, settings):
    settings.SITE_URL = "http://testserver"
    _response, path = invite(client_as(people.alice))
    client.logout()
    html = client.post(
        path, {"username": "someone", "password": "a-long-enough-secret", "display_name": "Dad"}
    ).content.decode()
    assert "Someone in this household already uses that name." in html
    assert not get_user_model().objects.filter(username="someone").exists()


def test_a_signed_in_person_without_a_household_joins_with_a_name(
    people, client, client_as, settings, django_user_model
):
    settings.SITE_URL = "http://testserver"
    _response, path = invite(client_as(people.alice))
    client.force_login(django_user_model.objects.create_user("nan", password="x"))
    assert 'name="password"' not in client.get(path).content.decode()
    client.post(path, {"display_name": "Nan"})
    assert Membership.objects.get(user__username="nan").household == people.household


def test_someone_in_another_household_cannot_join(people, client_as, settings):
    settings.SITE_URL = "http://testserver"
    _response, path = invite(client_as(people.alice))
    client = client_as(people.charlie)
    assert "already belong to a household" in client.get(path).content.decode()
    client.post(path, {"display_name": "Spy"})
    assert not Membership.objects.filter(display_name="Spy").exists()


def test_a_made_up_code_is_404(db, client):
    response = client.get(reverse("web:join", args=["not-a-real-code"]))
    assert response.status_code == 404
    assert "expired or was already used" in response.content.decode()
