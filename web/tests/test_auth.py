from django.contrib.auth import get_user_model
from django.urls import reverse

from nestling.testing import PASSWORD


def test_log_in_and_land_on_today(people, client):
    response = client.post(reverse("web:login"), {"username": "alice", "password": PASSWORD})
    assert response["Location"] == reverse("web:today")


def test_wrong_password_re_renders_with_an_error(people, client):
    response = client.post(reverse("web:login"), {"username": "alice", "password": "nope"})
    assert response.status_code == 200
    assert 'class="form-errors"' in response.content.decode()


def test_log_out_is_a_post(people, client_as):
    client = client_as(people.alice)
    assert client.get(reverse("web:logout")).status_code == 405
    response = client.post(reverse("web:logout"))
    assert response["Location"] == reverse("web:login")
    assert client.get(reverse("web:today")).status_code == 302


def test_sign_up_then_set_up_a_household(db, client):
    response = client.post(
        reverse("web:signup"), {"username": "jordan", "password": "a-long-enough-secret"}
    )
    assert response["Location"] == reverse("web:household-new")
    assert get_user_model().objects.filter(username="jordan").exists()


def test_sign_up_errors_come_from_the_service(people, client):
    response = client.post(
        reverse("web:signup"), {"username": "Alice", "password": "a-long-enough-secret"}
    )
    assert "That username is taken." in response.content.decode()
    response = client.post(reverse("web:signup"), {"username": "sam", "password": "123"})
    assert 'id="id_password_error"' in response.content.decode()
    assert not get_user_model().objects.filter(username="sam").exists()


def test_sign_up_wrong_method_is_405(db, client):
    assert client.put(reverse("web:signup")).status_code == 405
