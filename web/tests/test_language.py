"""Each person reads Nestling in their own language (Membership.language): English (UK),
English (US: diaper, crib, color) or Spanish; the partner keeps theirs. The catalogues are
complete and their placeholders match (msgfmt --check)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse

from households.models import Membership

LOCALE = Path(__file__).resolve().parents[2] / "locale"
CATALOGUES = sorted(LOCALE.glob("*/LC_MESSAGES/django.po"))


@pytest.fixture(autouse=True, scope="module")
def _compiled():
    """`make install` compiles the catalogues; compile them here too if a .po is newer."""
    if any(
        not po.with_suffix(".mo").exists()
        or po.with_suffix(".mo").stat().st_mtime < po.stat().st_mtime
        for po in CATALOGUES
    ):
        call_command("compilemessages", ignore_patterns=[".venv", "node_modules"], verbosity=0)
    from django.utils.translation import trans_real

    trans_real._translations = {}  # forget catalogues loaded before they were compiled


def choose(client, language: str):
    return client.post(reverse("web:my-language"), {"language": language}, follow=True)


def test_a_parent_who_chooses_us_english_reads_diaper_and_the_partner_keeps_nappy(
    people, client_as
):
    mum = client_as(people.alice)
    response = choose(mum, "en-us")
    assert "Language saved." in response.content.decode()
    assert Membership.objects.get(pk=people.alice.pk).language == "en-us"
    today = mum.get(reverse("web:today")).content.decode()
    assert '<html lang="en-us"' in today and "Diaper" in today and "Nappy" not in today
    dad = client_as(people.bob).get(reverse("web:today")).content.decode()
    assert "Nappy" in dad and "Diaper" not in dad


def test_spanish_is_read_by_the_one_who_chose_it(people, client_as):
    dad = client_as(people.bob)
    choose(dad, "es")
    page = dad.get(reverse("web:today")).content.decode()
    assert '<html lang="es"' in page
    assert ">Hoy<" in page or "Hoy</a>" in page or " Hoy" in page
    assert "Pañal" in page or "pañal" in page
    back = choose(dad, "")  # as the browser asks (English here)
    assert back.status_code == 200
    assert "Nappy" in dad.get(reverse("web:today")).content.decode()


def test_an_unknown_language_is_refused_naming_the_field(people, client_as):
    response = client_as(people.alice).post(reverse("web:my-language"), {"language": "xx"})
    assert response.status_code == 400
    assert "language" in response.content.decode().lower()
    assert Membership.objects.get(pk=people.alice.pk).language == ""


@pytest.mark.parametrize("po", CATALOGUES, ids=lambda p: p.parts[-3])
def test_each_catalogue_is_complete_and_its_placeholders_match(po: Path, tmp_path: Path):
    if shutil.which("msgfmt") is None:
        pytest.skip("msgfmt (Debian's gettext) is not installed; `make install` installs it")
    result = subprocess.run(
        ["msgfmt", "--check", "--statistics", "-o", str(tmp_path / "x.mo"), str(po)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "fuzzy" not in result.stderr and "untranslated" not in result.stderr, result.stderr


def test_the_partner_page_reads_in_the_browsers_language(client, db):
    from safety.help import load_partner_path

    spanish = load_partner_path().in_language("es")
    html = client.get(reverse("web:partner-path"), HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert spanish.title in html and spanish.sections[0].title in html
    assert load_partner_path().title not in html
