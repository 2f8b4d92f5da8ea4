"""SITE_URL is checked against the address Nestling serves (issue 12, item 6): at
`nestling serve` start-up on stderr, and in `nestling manage check`."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from nestling import checks


@pytest.mark.parametrize(
    ("site_url", "host", "port", "behind_proxy", "expected"),
    [
        # Agreeing addresses: the defaults, a home-network name, a LAN address.
        ("http://127.0.0.1:8000", "127.0.0.1", 8000, False, []),
        ("http://localhost:8000", "127.0.0.1", 8000, False, []),
        ("http://nestling.home.arpa:8000", "0.0.0.0", 8000, False, []),
        ("http://192.168.1.5:8000", "192.168.1.5", 8000, False, []),
        ("http://192.168.1.5", "0.0.0.0", 80, False, []),
        # On loopback behind a plain-HTTP proxy on port 80: the proxy's address is right.
        ("http://nestling.home.arpa", "127.0.0.1", 8000, False, []),
        # Behind an HTTPS proxy the serve address says nothing about the public one.
        ("https://nestling.example.org", "127.0.0.1", 8000, True, []),
        # The case: the default SITE_URL while serving the network on 9000.
        ("http://127.0.0.1:8000", "0.0.0.0", 9000, False, ["nestling.W002", "nestling.W003"]),
        ("http://127.0.0.1:8000", "127.0.0.1", 9000, False, ["nestling.W003"]),
        ("http://localhost:8000", "0.0.0.0", 8000, False, ["nestling.W002"]),
        ("http://nestling.home.arpa:8000", "0.0.0.0", 9000, False, ["nestling.W003"]),
        ("http://192.168.1.9:8000", "192.168.1.5", 8000, False, ["nestling.W002"]),
        ("http://192.168.1.5:8000", "127.0.0.1", 8000, False, ["nestling.W002"]),
        ("https://nestling.example.org", "0.0.0.0", 443, False, ["nestling.W001"]),
    ],
)
def test_site_url_is_compared_with_the_serve_address(site_url, host, port, behind_proxy, expected):
    found = checks.site_url_warnings(site_url, host, port, behind_proxy)
    assert [warning.id for warning in found] == expected


def test_manage_check_warns_with_the_serve_address_from_the_environment(db, settings, monkeypatch):
    settings.SITE_URL = "http://127.0.0.1:8000"
    settings.NESTLING_BEHIND_PROXY = False
    monkeypatch.setenv("NESTLING_HOST", "0.0.0.0")
    monkeypatch.setenv("NESTLING_PORT", "9000")
    out, err = io.StringIO(), io.StringIO()
    call_command("check", stdout=out, stderr=err)
    report = out.getvalue() + err.getvalue()
    assert "(nestling.W002) SITE_URL http://127.0.0.1:8000" in report
    assert "(nestling.W003)" in report and "0.0.0.0:9000" in report


def test_manage_check_is_quiet_when_they_agree(settings, monkeypatch):
    settings.SITE_URL = "http://127.0.0.1:8000"
    monkeypatch.delenv("NESTLING_HOST", raising=False)
    monkeypatch.delenv("NESTLING_PORT", raising=False)
    assert checks.check_site_url() == []


def test_serve_prints_the_warnings_on_stderr_before_gunicorn_starts(settings, monkeypatch, capsys):
    """nestling/serving.py's exec_serve (what `nestling serve` and `demo` run) warns first,
    then replaces itself with the lean server."""
    from nestling import serving

    settings.SITE_URL = "http://127.0.0.1:8000"
    settings.NESTLING_BEHIND_PROXY = False
    started = []
    monkeypatch.setattr(serving.os, "execv", lambda path, args: started.append(args))
    serving.exec_serve("0.0.0.0", 9000, workers=1, threads=1, with_worker=False)
    err = capsys.readouterr().err
    assert started, "the server should still start: a warning, not a refusal"
    assert started[0][1:4] == ["-m", "nestling.serving", "serve"]
    assert "WARNING (nestling.W002): SITE_URL http://127.0.0.1:8000" in err
    assert "WARNING (nestling.W003)" in err and "HINT: Set SITE_URL" in err


@pytest.mark.slow  # starts a process
@pytest.mark.parametrize("value", ["127.0.0.1:8000", "nestling.example.org", "ftp://x", "https://"])
def test_a_site_url_that_is_not_an_address_fails_at_start_up(tmp_path, value):
    import os
    import subprocess
    import sys

    env = {**os.environ, "SITE_URL": value, "NESTLING_DATA_DIR": str(tmp_path)}
    result = subprocess.run(
        [sys.executable, "-c", "import nestling.settings"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode != 0
    assert "SITE_URL must be an address like" in result.stderr
