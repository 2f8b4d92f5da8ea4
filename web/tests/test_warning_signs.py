from django.urls import reverse


def test_anyone_can_read_the_warning_signs_with_their_sources(db, client):
    html = client.get(reverse("web:warning-signs")).content.decode()
    assert "floppy, or very hard to wake" in html
    assert "wyhealthiertogether.nhs.uk" in html and "nct.org.uk" in html
    assert "Never shake" in html


def test_every_page_links_to_them(people, client_as):
    html = client_as(people.alice).get(reverse("web:household")).content.decode()
    assert reverse("web:warning-signs") in html


def test_wrong_method_is_405(db, client):
    assert client.post(reverse("web:warning-signs")).status_code == 405
