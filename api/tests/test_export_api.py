"""GET /api/v1/export: the household as a zip, for members who can log care."""

from __future__ import annotations

import io
import json
import zipfile

import pytest
from django.test import Client

from households.services import create_token
from households.tests.test_portability import build_world


@pytest.fixture
def world(people):
    return build_world(people.alice, people.bob, people.vera, people.baby)


def exported(response) -> dict:  # noqa: ANN001
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        return json.loads(archive.read("nestling-export.json"))


def test_a_parent_downloads_the_zip(world, as_):
    response = as_(world.partner).get("/export")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"] == (
        'attachment; filename="nestling-alice-and-bob-2026-11-23.zip"'
    )
    data = exported(response)
    assert data["exported_by"] == world.partner.pk
    assert [c["id"] for c in data["check_ins"]] == [world.partner_check_in.pk]


def test_with_a_token_too(world):
    _token, raw = create_token(world.owner, "backup script")
    response = Client().get("/api/v1/export", headers={"Authorization": f"Bearer {raw}"})
    assert response.status_code == 200
    data = exported(response)
    assert data["exported_by"] == world.owner.pk
    assert world.partner_check_in.pk not in [c["id"] for c in data["check_ins"]]


def test_the_partners_check_ins_never_leak(world, as_):
    response = as_(world.owner).get("/export")
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        text = "".join(archive.read(n).decode() for n in archive.namelist())
    for secret in world.partner_secrets:
        assert secret not in text


def test_a_viewer_gets_403(world, as_):
    response = as_(world.viewer).get("/export")
    assert response.status_code == 403
    assert response.json()["detail"] == "Only members who can log care can export the household."


def test_an_outsider_gets_only_his_own_household(world, people, as_):
    data = exported(as_(people.charlie).get("/export"))
    assert data["household"]["name"] == "Charlie's"
    assert [m["username"] for m in data["members"]] == ["charlie"]
    assert data["events"] == [] and data["check_ins"] == []


def test_anonymous_gets_401(world, as_):
    assert as_(None).get("/export").status_code == 401


def test_wrong_method_is_405(world, as_):
    assert as_(world.owner).post("/export").status_code == 405


def test_the_schema_says_it_is_a_zip(db):
    schema = Client().get("/api/v1/openapi.json").json()
    op = schema["paths"]["/api/v1/export"]["get"]
    assert op["operationId"] == "export_household"
    assert list(op["responses"]["200"]["content"]) == ["application/zip"]
    assert {"401", "403"} <= set(op["responses"])
