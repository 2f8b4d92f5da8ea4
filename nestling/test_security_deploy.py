"""The deployment profile (issue 12, item 4): behind a proxy, `nestling manage check --deploy`
has nothing to warn about (secure cookies, HSTS, the HTTPS redirect), and only a proxy we
sit behind may name the client's address."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from nestling import settings as nestling_settings

NESTLING = Path(sys.executable).with_name("nestling")


@pytest.mark.slow  # starts a process
def test_the_deploy_check_is_clean_behind_a_proxy(tmp_path):
    # The production profile, not this test run's: the browser tests' fixture sets
    # DJANGO_ALLOW_ASYNC_UNSAFE in this process, which the deploy check rightly refuses.
    unset = {"DJANGO_ALLOW_ASYNC_UNSAFE", "DEBUG", "SECRET_KEY_FILE", "NESTLING_HSTS_SECONDS"}
    env = {key: value for key, value in os.environ.items() if key not in unset}
    env |= {
        "NESTLING_BEHIND_PROXY": "true",
        "NESTLING_DATA_DIR": str(tmp_path),
        # A real key, as production has: the generated one would do, but say it plainly.
        "SECRET_KEY": secrets.token_urlsafe(50),
    }
    result = subprocess.run(
        [str(NESTLING), "manage", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    report = result.stdout + result.stderr
    print(report)  # what was checked, for the CI log
    assert result.returncode == 0, report
    assert "System check identified no issues" in report
    assert "WARNINGS:" not in report


@pytest.mark.parametrize(
    ("behind_proxy", "header", "expected"),
    [
        (False, "X-Forwarded-For", ""),  # nobody else may name the client
        (True, "X-Forwarded-For", "HTTP_X_FORWARDED_FOR"),
        (True, "X-Real-IP", "HTTP_X_REAL_IP"),
    ],
)
def test_the_client_address_header_counts_only_behind_a_proxy(
    monkeypatch, behind_proxy, header, expected
):
    monkeypatch.setattr(nestling_settings, "NESTLING_BEHIND_PROXY", behind_proxy)
    monkeypatch.setenv("NESTLING_CLIENT_IP_HEADER", header)
    assert nestling_settings._client_ip_meta() == expected


@pytest.mark.parametrize("header", ["X Forwarded For", "X-Forwarded-For: 1.2.3.4", "X_Real_IP"])
def test_a_bad_client_address_header_fails_at_start_up(monkeypatch, header):
    monkeypatch.setenv("NESTLING_CLIENT_IP_HEADER", header)
    with pytest.raises(ImproperlyConfigured, match="NESTLING_CLIENT_IP_HEADER"):
        nestling_settings._client_ip_meta()
