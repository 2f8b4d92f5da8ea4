"""POST /api/v1/imports and GET /api/v1/imports/{id}: check, queue, run, report."""

from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from carelog import importing
from carelog.models import Baby, Event
from households.services import create_token

FIXTURES = Path(__file__).resolve().parents[2] / "importers" / "tests" / "fixtures"
HUCK = (FIXTURES / "huckleberry" / "export.csv").read_bytes()


def client_for(membership):
    _token, raw = create_token(membership, "import test")
    return Client(HTTP_AUTHORIZATION=f"Bearer {raw}")


def upload(client, **fields):
    data = {"files": [SimpleUploadedFile("export.csv", HUCK, "text/csv")], **fields}
    return client.post("/api/v1/imports", data)


ROBIN = {"baby_name": "Robin", "birth_date": "2023-02-20", "tz": "Europe/London"}


def test_dry_run_answers_the_report_and_writes_nothing(people):
    response = upload(client_for(people.alice), dry_run="true", **ROBIN)
    assert response.status_code == 200, response.content
    report = response.json()
    assert report["format"] == "huckleberry" and report["dry_run"] is True
    assert report["imported"]["feed"] > 0 and report["skipped"]
    assert not Baby.objects.filter(name="Robin").exists()
    assert not Event.objects.filter(source="huckleberry").exists()


def test_an_import_is_queued_then_run_once_by_the_worker(people):
    client = client_for(people.alice)
    response = upload(client, skip_bad_lines="true", people=["M=Dad"], **ROBIN)
    assert response.status_code == 202, response.content
    job = response.json()
    assert job["state"] == "queued" and job["report"] is None
    importing.run_job(job["id"])  # what the worker does
    importing.run_job(job["id"])  # a second delivery of the task changes nothing
    status = client.get(f"/api/v1/imports/{job['id']}").json()
    assert status["state"] == "done"
    stored = Event.objects.filter(source="huckleberry").count()
    assert stored == sum(status["report"]["imported"].values()) > 0
    assert status["done"] == status["total"] > 0
    from carelog.models import ImportJob

    assert ImportJob.objects.get(pk=job["id"]).files == []  # the upload is not kept


def test_bad_lines_without_skip_are_refused_with_the_lines_and_nothing_written(people):
    client = client_for(people.alice)
    job = upload(client, **ROBIN).json()
    importing.run_job(job["id"])
    status = client.get(f"/api/v1/imports/{job['id']}").json()
    assert status["state"] == "refused"
    assert "nothing was written" in status["error"]
    assert any("500" in line["reason"] for line in status["report"]["skipped"])
    assert not Event.objects.filter(source="huckleberry").exists()


def test_a_wrong_request_is_answered_at_once(people):
    client = client_for(people.alice)
    response = upload(client, baby_name="Nobody")
    assert response.status_code == 422
    assert "birth date" in response.json()["errors"]["baby"]
    response = upload(client, people=["nonsense"], **ROBIN)
    assert response.status_code == 422 and "people" in response.json()["errors"]
    junk = client.post(
        "/api/v1/imports", {"files": [SimpleUploadedFile("x.csv", b"a,b\n1,2\n")], **ROBIN}
    )
    assert junk.status_code == 422 and "not an export" in junk.json()["errors"]["format"]


def test_someone_elses_import_is_not_found(people):
    job = upload(client_for(people.alice), skip_bad_lines="true", **ROBIN).json()
    assert client_for(people.charlie).get(f"/api/v1/imports/{job['id']}").status_code == 404
    # Not even the partner's: the report names the importer's choices.
    assert client_for(people.bob).get(f"/api/v1/imports/{job['id']}").status_code == 404


def test_a_viewer_cannot_import(people):
    response = upload(client_for(people.vera), skip_bad_lines="true", **ROBIN)
    assert response.status_code == 403


def test_a_nul_byte_in_an_export_is_queued_on_any_database(people):
    """PostgreSQL's jsonb can't hold a NUL; the queued job keeps the files' text."""
    client = client_for(people.alice)
    data = {"files": [SimpleUploadedFile("export.csv", HUCK.replace(b"\n", b"\x00\n", 1))],
            "skip_bad_lines": "true", **ROBIN}  # fmt: skip
    response = client.post("/api/v1/imports", data)
    assert response.status_code == 202, response.content
    importing.run_job(response.json()["id"])
    assert Event.objects.filter(source="huckleberry").exists()
