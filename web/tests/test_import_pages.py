"""The import pages: upload, check (nothing written), map people, import, progress."""

from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from carelog import importing
from carelog.models import Baby, Event, ImportJob

FIXTURES = Path(__file__).resolve().parents[2] / "importers" / "tests" / "fixtures"


def upload(client, path, **fields):
    data = {
        "files": [SimpleUploadedFile(path.name, path.read_bytes(), "text/csv")],
        "baby": "new",
        "new_baby_name": "Robin",
        "new_baby_birth_date": "2021-01-15",
        "tz": "America/New_York",
        **fields,
    }
    return client.post(reverse("web:import"), data)


def test_check_then_import_with_people_mapped(people, client_as):
    client = client_as(people.alice)
    page = client.get(reverse("web:import"))
    assert page.status_code == 200 and "Check the file" in page.content.decode()
    checked = upload(client, FIXTURES / "babyconnect" / "export.csv")
    assert checked.status_code == 302, checked.content.decode()[:3000]
    job = ImportJob.objects.get()
    html = client.get(checked["Location"]).content.decode()
    assert "What would come in from Baby Connect" in html
    assert "Who is who" in html
    assert not Event.objects.filter(source="babyconnect").exists()  # only checked
    assert not Baby.objects.filter(name="Robin").exists()
    # A draft is never run by the worker.
    importing.run_job(job.pk)
    assert not Event.objects.filter(source="babyconnect").exists()

    people_fields = {f"person-{i}": "Dad" for i, _p in enumerate(job.report["unmapped_people"])}
    confirmed = client.post(
        reverse("web:import-job", args=[job.pk]), {**people_fields, "skip_bad_lines": "1"}
    )
    assert confirmed.status_code == 302
    importing.run_job(job.pk)  # the worker
    job.refresh_from_db()
    assert job.state == ImportJob.DONE, job.error
    stored = Event.objects.filter(source="babyconnect")
    assert stored.count() == sum(job.report["imported"].values()) > 0
    assert set(job.options["people"].values()) == {"Dad"}
    # Rows naming someone went to Dad as mapped; rows naming no one to the importer.
    assert (
        stored.filter(caregiver=people.bob).count() == stored.count() - job.report["unattributed"]
    )
    done = client.get(reverse("web:import-job", args=[job.pk])).content.decode()
    assert "Imported" in done and "See the history" in done


def test_a_running_import_page_polls_and_shows_progress(people, client_as):
    client = client_as(people.alice)
    upload(client, FIXTURES / "babyconnect" / "export.csv", skip_bad_lines="on")
    job = ImportJob.objects.get()
    client.post(reverse("web:import-job", args=[job.pk]), {})
    html = client.get(reverse("web:import-job", args=[job.pk])).content.decode()
    assert 'hx-trigger="every 2s"' in html and "<progress" in html


def test_a_file_that_is_no_export_is_named_on_the_form(people, client_as):
    client = client_as(people.alice)
    response = client.post(
        reverse("web:import"),
        {"files": [SimpleUploadedFile("x.csv", b"a,b\n1,2\n")], "baby": str(people.baby.pk),
         "tz": "Europe/London"},
    )  # fmt: skip
    assert response.status_code == 200
    assert "not an export we can read" in response.content.decode()
    assert not ImportJob.objects.exists()


def test_others_cannot_see_or_run_an_import(people, client_as):
    upload(client_as(people.alice), FIXTURES / "babyconnect" / "export.csv")
    job = ImportJob.objects.get()
    url = reverse("web:import-job", args=[job.pk])
    assert client_as(people.charlie).get(url).status_code == 404
    assert client_as(people.bob).post(url, {}).status_code == 404
    assert client_as(people.vera).get(reverse("web:import")).status_code == 403
