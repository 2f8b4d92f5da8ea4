"""The inbox and notification settings pages: each member's own, nobody else's."""

from datetime import UTC, datetime, time

import pytest
from django.test import Client
from django.urls import reverse

from notifications import services
from notifications.models import Channel, Notification, QuietHours

HTMX = {"HTTP_HX_REQUEST": "true"}
NOW = datetime(2026, 11, 23, 3, 0, tzinfo=UTC)


def note(member, key="k1", title="Bath time with Sam", url="/plans/"):
    return Notification.objects.create(
        membership=member, kind="session", title=title, body="10 minutes", url=url, dedupe_key=key
    )


@pytest.fixture
def client_as(client):
    def login(member):
        client.force_login(member.user)
        return client

    return login


def test_the_inbox_lists_my_notifications_and_counts_unread(people, client_as):
    note(people.bob)
    note(people.alice, title="Alice's own")
    response = client_as(people.bob).get(reverse("web:inbox"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Bath time with Sam" in html
    assert "Alice's own" not in html
    assert "Inbox, 1 unread" in html  # the base layout's link


def test_marking_read(people, client_as):
    mine = note(people.bob)
    response = client_as(people.bob).post(reverse("web:inbox-read", args=[mine.pk]))
    assert response.status_code == 302
    mine.refresh_from_db()
    assert mine.is_read


def test_open_marks_read_and_goes_where_it_points(people, client_as):
    mine = note(people.bob)
    response = client_as(people.bob).post(reverse("web:inbox-read", args=[mine.pk]), {"open": "1"})
    assert response["Location"] == "/plans/"


def test_open_never_redirects_off_site(people, client_as):
    mine = note(people.bob, url="https://evil.example/")
    response = client_as(people.bob).post(reverse("web:inbox-read", args=[mine.pk]), {"open": "1"})
    assert response["Location"] == reverse("web:inbox")


def test_mark_all_read_with_htmx_returns_the_fragment(people, client_as):
    note(people.bob, "a")
    note(people.bob, "b")
    response = client_as(people.bob).post(reverse("web:inbox-read-all"), **HTMX)
    assert response.status_code == 200
    assert b"<html" not in response.content
    assert b"All read" in response.content
    assert not Notification.objects.filter(read_at__isnull=True).exists()


@pytest.mark.parametrize("who", ["alice", "charlie"])
def test_the_partner_and_outsiders_get_404_for_my_notifications(people, client_as, who):
    mine = note(people.bob)
    response = client_as(getattr(people, who)).post(reverse("web:inbox-read", args=[mine.pk]))
    assert response.status_code == 404
    mine.refresh_from_db()
    assert not mine.is_read


def test_wrong_methods_get_405(people, client_as):
    client = client_as(people.bob)
    assert client.post(reverse("web:inbox")).status_code == 405
    assert client.get(reverse("web:inbox-read-all")).status_code == 405
    assert client.get(reverse("web:quiet-hours")).status_code == 405


def test_anonymous_visitors_are_sent_to_log_in(client):
    response = Client().get(reverse("web:inbox"))
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_adding_a_channel(people, client_as):
    response = client_as(people.bob).post(
        reverse("web:channels"), {"url": "ntfy://nestling-dad-7f3a", "name": "My phone"}
    )
    assert response.status_code == 302
    channel = Channel.objects.get()
    assert (channel.membership, channel.name, channel.service) == (people.bob, "My phone", "ntfy")
    page = client_as(people.bob).get(reverse("web:channels")).content.decode()
    assert "My phone" in page and "nestling-dad-7f3a" in page


def test_a_bad_channel_url_is_shown_next_to_its_field(people, client_as):
    response = client_as(people.bob).post(reverse("web:channels"), {"url": "tgram://bad"}, **HTMX)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="id_url_error"' in html
    assert "not a notification address we can use" in html
    assert not Channel.objects.exists()


def test_passwords_in_channel_urls_are_never_shown(people, client_as):
    services.add_channel(people.bob, "Email", "mailto://dad:s3cret-pass@example.com")
    page = client_as(people.bob).get(reverse("web:channels")).content.decode()
    assert "s3cret-pass" not in page


def test_channels_are_personal(people, client_as):
    theirs = services.add_channel(people.alice, "Mum's phone", "ntfy://mum-topic")
    page = client_as(people.bob).get(reverse("web:channels")).content.decode()
    assert "Mum's phone" not in page
    for who in ("bob", "charlie"):
        client = client_as(getattr(people, who))
        assert client.post(reverse("web:channel-delete", args=[theirs.pk])).status_code == 404
        assert client.post(reverse("web:channel-test", args=[theirs.pk])).status_code == 404
    assert Channel.objects.filter(pk=theirs.pk).exists()


def test_a_viewer_has_their_own_inbox_and_settings(people, client_as):
    assert client_as(people.vera).get(reverse("web:channels")).status_code == 200


def test_setting_and_clearing_quiet_hours(people, client_as):
    client = client_as(people.bob)
    assert (
        client.post(reverse("web:quiet-hours"), {"start": "22:00", "end": "07:00"}).status_code
        == 302
    )
    quiet = QuietHours.objects.get(membership=people.bob)
    assert (quiet.start, quiet.end) == (time(22, 0), time(7, 0))
    assert "from 22:00 to 07:00" in client.get(reverse("web:channels")).content.decode()
    client.post(reverse("web:quiet-hours"), {"start": "", "end": ""})
    assert not QuietHours.objects.exists()


def test_half_a_quiet_hours_range_names_the_missing_field(people, client_as):
    response = client_as(people.bob).post(
        reverse("web:quiet-hours"), {"start": "22:00", "end": ""}, **HTMX
    )
    assert 'id="id_end_error"' in response.content.decode()
    assert not QuietHours.objects.exists()


def test_failed_deliveries_show_on_the_settings_page(people, client_as, endpoint):
    endpoint.status = 401
    services.add_channel(people.bob, "Work email", endpoint.url)
    services.schedule_reminder(people.bob, "session", "Bath", "", "", NOW, "s1")
    services.deliver_due_reminders(NOW)
    page = client_as(people.bob).get(reverse("web:channels")).content.decode()
    assert "Work email: failed, will not retry" in page
    assert "401" in page
