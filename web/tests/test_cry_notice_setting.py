"""The long-crying notice ("Tell me when the baby has been crying for a long stretch"): a
member's own choice, off by default, in the "Listening for crying" card of the household
page (issue 14)."""

from html import unescape

from django.urls import reverse
from django.utils import translation

from households.models import Membership

PROMISE = (
    "When another member's device hears possible crying for this long, you get a notice "
    "through your usual reminders: the inbox and any channel you set up, keeping to your "
    "quiet hours. It says only that possible crying was heard and for how long. It is a "
    "suggestion, not a monitor: never rely on it."
)


def minutes(member: Membership) -> int:
    return Membership.objects.get(pk=member.pk).cry_notice_minutes


def listening_form(html: str) -> str:
    form = html[html.index(f'action="{reverse("web:my-listening")}"') :]
    return form[: form.index("</form>")]


def test_the_card_offers_it_off_with_the_plain_sentence(people, client_as):
    html = client_as(people.bob).get(reverse("web:household")).content.decode()
    form = listening_form(html)
    assert "Tell me when the baby has been crying for a long stretch" in form
    assert PROMISE in unescape(form)
    assert 'name="cry_notice_minutes"' in form
    assert '<option value="0" selected>Off</option>' in form
    for choice in (5, 10, 20, 30):
        assert f'<option value="{choice}">After {choice} minutes</option>' in form


def test_a_member_turns_it_on_for_themselves_only_and_off_again(people, client_as):
    client = client_as(people.bob)
    response = client.post(reverse("web:my-listening"), {"cry_notice_minutes": "10"}, follow=True)
    assert "You will be told after 10 minutes of possible crying." in response.content.decode()
    assert (minutes(people.bob), minutes(people.alice)) == (10, 0)
    assert '<option value="10" selected>' in listening_form(response.content.decode())
    response = client.post(reverse("web:my-listening"), {"cry_notice_minutes": "0"}, follow=True)
    assert "Notices about long crying are off." in response.content.decode()
    assert minutes(people.bob) == 0


def test_ticking_listening_alone_leaves_the_notice_as_it_is(people, client_as):
    Membership.objects.filter(pk=people.bob.pk).update(cry_notice_minutes=20)
    client = client_as(people.bob)
    response = client.post(reverse("web:my-listening"), {"listening": "on"}, follow=True)
    assert "Listening for crying is on for your devices." in response.content.decode()
    assert minutes(people.bob) == 20


def test_a_length_that_is_not_offered_is_refused_and_nothing_changes(people, client_as):
    response = client_as(people.bob).post(
        reverse("web:my-listening"), {"listening": "on", "cry_notice_minutes": "7"}
    )
    assert response.status_code == 400
    assert "Select a valid choice." in listening_form(response.content.decode())
    bob = Membership.objects.get(pk=people.bob.pk)
    assert (bob.cry_notice_minutes, bob.listening) == (0, False)


def test_a_viewer_is_not_offered_it_and_cannot_turn_it_on(people, client_as):
    client = client_as(people.vera)
    html = client.get(reverse("web:household")).content.decode()
    assert "crying for a long stretch" not in html
    response = client.post(reverse("web:my-listening"), {"cry_notice_minutes": "5"})
    assert response.status_code == 403
    assert minutes(people.vera) == 0


def test_it_reads_in_spanish(people, client_as):
    people.bob.language = "es"
    people.bob.cry_notice_minutes = 30
    people.bob.save()
    # The request switches this thread to Spanish; the override switches it back after.
    with translation.override(None):
        html = client_as(people.bob).get(reverse("web:household")).content.decode()
    form = listening_form(html)
    assert "Avisarme cuando el bebé lleve un buen rato llorando" in form
    assert "Es una sugerencia, no un vigilabebés: no confíes nunca en él." in form
    assert '<option value="30" selected>A los 30 minutos</option>' in form
    assert '<option value="0">Desactivado</option>' in form
