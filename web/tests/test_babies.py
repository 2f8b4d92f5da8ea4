from datetime import date

import pytest
from django.urls import reverse

from carelog.models import Baby
from households.models import Household, Membership

from .conftest import HTMX

NEW = reverse("web:baby-new")


def edit_url(baby):
    return reverse("web:baby-edit", args=[baby.pk])


def test_add_a_baby_born_early(people, client_as, frozen):
    data = {"name": "Robin", "birth_date": "2026-10-01", "due_date": "2026-11-05"}
    response = client_as(people.bob).post(NEW, data)
    baby = Baby.objects.get(name="Robin")
    assert response["Location"] == reverse("web:today-baby", args=[baby.pk])
    assert baby.household == people.household and baby.due_date == date(2026, 11, 5)


def test_first_baby_after_setting_up(db, client, django_user_model, frozen):
    user = django_user_model.objects.create_user("jordan", password="x")
    household = Household.objects.create(name="New")
    Membership.objects.create(household=household, user=user, display_name="Me", role="owner")
    client.force_login(user)
    client.post(NEW, {"name": "Sam", "birth_date": "2026-06-20"})
    assert Baby.objects.get().household == household


def test_invalid_input_re_renders_and_saves_nothing(people, client_as, frozen):
    data = {"name": "Robin", "birth_date": "2027-05-01"}
    response = client_as(people.alice).post(NEW, data, **HTMX)
    html = response.content.decode()
    assert html.lstrip().startswith('<form id="baby-form"')
    assert "be in the future." in html and 'id="id_birth_date_error"' in html
    assert not Baby.objects.filter(name="Robin").exists()


def test_edit(people, client_as, frozen):
    data = {"name": "Samuel", "birth_date": "2026-06-20", "due_date": ""}
    client_as(people.alice).post(edit_url(people.baby), data)
    assert Baby.objects.get(pk=people.baby.pk).name == "Samuel"


def test_viewer_is_refused(people, client_as):
    client = client_as(people.vera)
    assert client.get(NEW).status_code == 403
    assert client.post(NEW, {"name": "X", "birth_date": "2026-06-20"}).status_code == 403
    assert (
        client.post(edit_url(people.baby), {"name": "X", "birth_date": "2026-06-20"}).status_code
        == 403
    )
    assert Baby.objects.get(pk=people.baby.pk).name == "Sam"


def test_outsider_gets_404(people, client_as):
    client = client_as(people.charlie)
    assert client.get(edit_url(people.baby)).status_code == 404
    assert (
        client.post(edit_url(people.baby), {"name": "X", "birth_date": "2026-06-20"}).status_code
        == 404
    )


@pytest.mark.parametrize("url", [NEW, reverse("web:baby-edit", args=[1])])
def test_wrong_method_is_405(people, client_as, url):
    assert client_as(people.alice).put(url).status_code == 405
