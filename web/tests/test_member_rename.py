from django.urls import reverse

from households.models import Membership

from .conftest import HTMX


def url(member):
    return reverse("web:member-rename", args=[member.pk])


def name_of(member):
    return Membership.objects.get(pk=member.pk).display_name


def test_owner_renames_the_partner(people, client_as):
    response = client_as(people.alice).post(url(people.bob), {"display_name": "Jordan"})
    assert response["Location"] == reverse("web:household")
    assert name_of(people.bob) == "Jordan"


def test_partner_renames_themselves_but_not_others(people, client_as):
    client = client_as(people.bob)
    client.post(url(people.bob), {"display_name": "Papa Bear"})
    assert name_of(people.bob) == "Papa Bear"
    assert client.post(url(people.alice), {"display_name": "X"}).status_code == 403
    assert name_of(people.alice) == "Mum"


def test_a_name_already_used_is_refused_in_the_fragment(people, client_as):
    response = client_as(people.alice).post(url(people.bob), {"display_name": "Mum"}, **HTMX)
    html = response.content.decode()
    assert html.lstrip().startswith(f'<form id="rename-{people.bob.pk}"')
    assert "Someone in this household already uses that name." in html
    assert name_of(people.bob) == "Dad"


def test_viewer_is_refused(people, client_as):
    assert (
        client_as(people.vera).post(url(people.vera), {"display_name": "Nana"}).status_code == 403
    )
    assert name_of(people.vera) == "Grandma"


def test_outsider_gets_404(people, client_as):
    assert client_as(people.charlie).get(url(people.bob)).status_code == 404
    assert client_as(people.charlie).post(url(people.bob), {"display_name": "X"}).status_code == 404


def test_wrong_method_is_405(people, client_as):
    assert client_as(people.alice).put(url(people.bob)).status_code == 405
