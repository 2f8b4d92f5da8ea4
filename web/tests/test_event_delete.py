from datetime import timedelta

from django.urls import reverse

from carelog.models import Event

from .conftest import HTMX, NOW, make_event


def url(event):
    return reverse("web:event-delete", args=[event.pk])


def nappy(people):
    return make_event(
        people.baby, "nappy", by=people.alice, start=NOW - timedelta(hours=1), details={"wet": True}
    )


def test_delete_asks_first(people, client_as, frozen):
    event = nappy(people)
    response = client_as(people.alice).get(url(event))
    assert "Delete this entry: Nappy on Mon 23 Nov, 02:00?" in response.content.decode()
    assert Event.objects.filter(pk=event.pk).exists()


def test_partner_deletes_and_is_sent_back_to_today(people, client_as):
    event = nappy(people)
    response = client_as(people.bob).post(url(event))
    assert response["Location"] == reverse("web:today-baby", args=[people.baby.pk])
    assert not Event.objects.exists()


def test_htmx_confirm_is_the_row_and_delete_removes_it(people, client_as, frozen):
    event = nappy(people)
    client = client_as(people.alice)
    confirm = client.get(url(event), **HTMX).content.decode()
    assert confirm.lstrip().startswith(f'<li class="event confirm" id="event-{event.pk}"')
    response = client.post(url(event), **HTMX)
    assert response["HX-Trigger"] == "timers-changed"
    assert response.content.decode().lstrip().startswith('<div id="messages"')
    assert "Entry deleted." in response.content.decode()
    assert not Event.objects.exists()


def test_viewer_is_refused(people, client_as):
    event = nappy(people)
    assert client_as(people.vera).post(url(event)).status_code == 403
    assert client_as(people.vera).get(url(event)).status_code == 403
    assert Event.objects.exists()


def test_outsider_gets_404(people, client_as):
    event = nappy(people)
    assert client_as(people.charlie).post(url(event)).status_code == 404
    assert client_as(people.charlie).get(url(event)).status_code == 404
    assert Event.objects.exists()


def test_wrong_method_is_405(people, client_as):
    assert client_as(people.alice).put(url(nappy(people))).status_code == 405
