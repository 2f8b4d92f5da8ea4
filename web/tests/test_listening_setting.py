"""Listening for crying ("Listen for crying on my devices"): off until each member turns it
on for themselves."""

from django.urls import reverse

from households.models import Membership

PROMISE = (
    "Nestling listens on your device only. No sound is stored or sent anywhere; only the "
    "times of possible crying are saved, and nothing enters the log until a parent confirms it."
)


def listening(member: Membership) -> bool:
    return Membership.objects.get(pk=member.pk).listening


def test_the_household_page_offers_it_off_with_the_plain_promise(people, client_as):
    html = client_as(people.bob).get(reverse("web:household")).content.decode()
    assert "Listen for crying on my devices" in html
    assert PROMISE in html
    form = html[html.index(f'action="{reverse("web:my-listening")}"') :]
    form = form[: form.index("</form>")]
    assert 'name="listening"' in form and "checked" not in form
    assert 'name="csrfmiddlewaretoken"' in form


def test_a_member_turns_it_on_for_themselves_only_and_off_again(people, client_as):
    client = client_as(people.bob)
    response = client.post(reverse("web:my-listening"), {"listening": "on"}, follow=True)
    assert "Listening for crying is on for your devices." in response.content.decode()
    assert listening(people.bob) and not listening(people.alice)
    page = client.get(reverse("web:household")).content.decode()
    form = page[page.index(f'action="{reverse("web:my-listening")}"') :]
    assert "checked" in form[: form.index("</form>")]
    response = client.post(reverse("web:my-listening"), {}, follow=True)
    assert "Listening for crying is off for your devices." in response.content.decode()
    assert not listening(people.bob)


def test_a_viewer_is_not_offered_it_and_cannot_turn_it_on(people, client_as):
    client = client_as(people.vera)
    assert "Listen for crying" not in client.get(reverse("web:household")).content.decode()
    assert client.post(reverse("web:my-listening"), {"listening": "on"}).status_code == 403
    assert not listening(people.vera)


def test_a_get_is_405(people, client_as):
    assert client_as(people.alice).get(reverse("web:my-listening")).status_code == 405
