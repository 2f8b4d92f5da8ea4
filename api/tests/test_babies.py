import pytest

from carelog.models import Baby


def test_members_list_their_babies_only(people, as_):
    assert [b["name"] for b in as_(people.vera).get("/babies").json()] == ["Sam"]
    assert [b["name"] for b in as_(people.charlie).get("/babies").json()] == ["Max"]


@pytest.mark.parametrize("who", ["alice", "bob"])
def test_parents_add_a_baby(people, as_, who):
    response = as_(getattr(people, who)).post(
        "/babies", json={"name": "Ada", "birth_date": "2026-10-01", "due_date": "2026-10-20"}
    )
    assert response.status_code == 201, response.json()
    baby = Baby.objects.get(pk=response.json()["id"])
    assert (baby.household, baby.name, str(baby.due_date)) == (
        people.household,
        "Ada",
        "2026-10-20",
    )


def test_viewer_cant_add_a_baby(people, as_):
    response = as_(people.vera).post("/babies", json={"name": "Ada", "birth_date": "2026-10-01"})
    assert response.status_code == 403
    assert not Baby.objects.filter(name="Ada").exists()


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"name": "", "birth_date": "2026-10-01"}, "name"),
        ({"name": "Ada", "birth_date": "2027-10-01"}, "birth_date"),
        ({"name": "Ada", "birth_date": "yesterday"}, "birth_date"),
        ({"name": "Ada"}, "birth_date"),
        ({"name": "Ada", "birth_date": "2026-10-01", "due_date": "2025-01-01"}, "due_date"),
        ({"name": "Ada", "birth_date": "2026-10-01", "sex": "f"}, "sex"),
    ],
)
def test_bad_baby_input_names_the_field(people, as_, payload, field):
    response = as_(people.alice).post("/babies", json=payload)
    assert response.status_code == 422
    assert field in response.json()["errors"], response.json()
    assert not Baby.objects.filter(name="Ada").exists()


def test_get_a_baby(people, as_):
    data = as_(people.bob).get(f"/babies/{people.baby.pk}").json()
    assert data["name"] == "Sam"
    assert data["birth_date"] == "2026-06-20"


def test_patch_changes_only_what_is_sent(people, as_):
    response = as_(people.bob).patch(f"/babies/{people.baby.pk}", json={"due_date": "2026-07-01"})
    assert response.status_code == 200, response.json()
    baby = Baby.objects.get(pk=people.baby.pk)
    assert (baby.name, str(baby.birth_date), str(baby.due_date)) == (
        "Sam",
        "2026-06-20",
        "2026-07-01",
    )
    as_(people.bob).patch(f"/babies/{people.baby.pk}", json={"due_date": None})
    assert Baby.objects.get(pk=people.baby.pk).due_date is None


def test_viewer_cant_change_a_baby(people, as_):
    response = as_(people.vera).patch(f"/babies/{people.baby.pk}", json={"name": "Samuel"})
    assert response.status_code == 403
    assert Baby.objects.get(pk=people.baby.pk).name == "Sam"


@pytest.mark.parametrize("method", ["get", "patch"])
def test_outsider_gets_404(people, as_, method):
    response = getattr(as_(people.charlie), method)(f"/babies/{people.baby.pk}", json={"name": "X"})
    assert response.status_code == 404
    assert response.json() == {"detail": "No such baby.", "errors": {}}
    assert Baby.objects.get(pk=people.baby.pk).name == "Sam"


def test_a_missing_id_gets_404(people, as_):
    assert as_(people.alice).get("/babies/999999").status_code == 404
