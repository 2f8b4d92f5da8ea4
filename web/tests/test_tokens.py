import re

from django.urls import reverse

from households.models import ApiToken, hash_secret
from households.services import create_token

from .conftest import HTMX

URL = reverse("web:token-add")


def test_create_shows_the_raw_token_once_and_stores_only_its_hash(people, client_as):
    client = client_as(people.bob)
    response = client.post(URL, {"name": "Home Assistant"})
    assert response["Location"] == reverse("web:household") + "#tokens"
    page = client.get(reverse("web:household")).content.decode()
    raw = re.search(r'value="(nst_[^"]+)"', page).group(1)
    token = ApiToken.objects.get()
    assert token.token_hash == hash_secret(raw) and token.membership == people.bob
    assert raw not in client.get(reverse("web:household")).content.decode()


def test_htmx_gets_the_tokens_fragment(people, client_as):
    response = client_as(people.alice).post(URL, {"name": "Shortcut"}, **HTMX)
    html = response.content.decode()
    assert html.lstrip().startswith('<section id="tokens"')
    assert "Shortcut" in html and 'value="nst_' in html


def test_revoke(people, client_as):
    token, _raw = create_token(people.alice, "Old")
    client = client_as(people.alice)
    response = client.post(reverse("web:token-revoke", args=[token.pk]), **HTMX)
    assert response.content.decode().lstrip().startswith('<section id="tokens"')
    assert not ApiToken.objects.exists()


def test_nobody_else_can_revoke_your_token(people, client_as):
    token, _raw = create_token(people.alice, "Mine")
    url = reverse("web:token-revoke", args=[token.pk])
    assert client_as(people.bob).post(url).status_code == 404
    assert client_as(people.charlie).post(url).status_code == 404
    assert ApiToken.objects.exists()


def test_a_viewer_may_have_a_token_of_their_own(people, client_as):
    # Tokens are personal; the API still refuses any change a viewer tries.
    client_as(people.vera).post(URL, {"name": "Photo frame"})
    assert ApiToken.objects.get().membership == people.vera


def test_wrong_method_is_405(people, client_as):
    token, _raw = create_token(people.alice, "Mine")
    client = client_as(people.alice)
    assert client.get(URL).status_code == 405
    assert client.get(reverse("web:token-revoke", args=[token.pk])).status_code == 405
