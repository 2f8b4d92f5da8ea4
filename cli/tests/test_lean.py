"""A web process loads only what the pages it serves need.

Logging care, reading Today and the history, and the wellbeing pages must not pull in the
statistics stack (pandas, statsmodels, scipy), the intake's model, the PDF renderer or the
notification library: each costs tens of MB in every worker (issue: the default server
under 250 MB). They load in the process that uses them, on first use. Run in a fresh
interpreter, since this test process has imported everything already.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

#: Slow (starts fresh interpreters to see which libraries they load): `make test-slow` and CI run it, `make test-sqlite` does not.
pytestmark = pytest.mark.slow

HEAVY = (
    "pandas",
    "numpy",
    "statsmodels",
    "scipy",
    "sklearn",
    "weasyprint",
    "apprise",
    "rcpchgrowth",
    "redis",
    "psycopg",
)

SCRIPT = """
import json, sys
from cli.main import setup_django
setup_django()
from django.conf import settings
settings.ALLOWED_HOSTS = ["*"]
from django.test import Client
web = Client()
assert web.login(username="mum", password="nestling-demo")
seen = {}
for path in ("/", "/events/", "/wellbeing/", "/help/", "/household/"):
    response = web.get(path, follow=True)
    assert response.status_code == 200, (path, response.status_code)
api = Client(HTTP_AUTHORIZATION="Bearer " + sys.argv[1])
babies = api.get("/api/v1/babies").json()
baby = (babies["items"] if isinstance(babies, dict) else babies)[0]["id"]
body = json.dumps({"baby": baby, "kind": "nappy", "details": {"wet": True}})
assert api.post("/api/v1/events", data=body, content_type="application/json").status_code == 201
assert api.get(f"/api/v1/events?baby={baby}&limit=100").status_code == 200
print(json.dumps(sorted(name for name in sys.argv[2].split(",") if name in sys.modules)))
"""


@pytest.mark.skipif("DATABASE_URL" in os.environ, reason="uses its own SQLite data dir")
@pytest.mark.skipif("REDIS_URL" in os.environ, reason="the Redis client is then in use")
def test_logging_and_reading_today_load_no_heavy_library(tmp_path: Path) -> None:
    env = {**os.environ, "NESTLING_DATA_DIR": str(tmp_path)}
    nestling = str(Path(sys.executable).with_name("nestling"))
    run = {"env": env, "check": True, "capture_output": True, "text": True, "timeout": 600}
    subprocess.run([nestling, "demo", "--no-serve", "--weeks", "2"], **run)  # type: ignore[call-overload]
    token = subprocess.run(  # type: ignore[call-overload]
        [nestling, "token", "create", "--user", "mum", "--name", "lean"], **run
    ).stdout.strip()
    done = subprocess.run(  # type: ignore[call-overload]
        [sys.executable, "-c", SCRIPT, token, ",".join(HEAVY)], **run
    )
    assert done.stdout.strip().splitlines()[-1] == "[]", done.stdout


ASK_INSIGHTS = """
import json, sys
from cli.main import setup_django
setup_django()
from households.models import Membership
from reports.shapes import insights_json
me = Membership.objects.get(user__username="mum")
data = insights_json(me, me.household.babies.get())
print(json.dumps({"heavy": sorted(n for n in sys.argv[1].split(",") if n in sys.modules),
                  "findings": len(data["findings"])}))
"""


@pytest.mark.skipif("DATABASE_URL" in os.environ, reason="uses its own SQLite data dir")
@pytest.mark.skipif("REDIS_URL" in os.environ, reason="the Redis client is then in use")
def test_insights_asked_again_come_from_the_shared_cache_without_the_statistics(
    tmp_path: Path,
) -> None:
    import json

    env = {**os.environ, "NESTLING_DATA_DIR": str(tmp_path)}
    nestling = str(Path(sys.executable).with_name("nestling"))
    run = {"env": env, "check": True, "capture_output": True, "text": True, "timeout": 600}
    subprocess.run([nestling, "demo", "--no-serve", "--weeks", "2"], **run)  # type: ignore[call-overload]
    ask = [sys.executable, "-c", ASK_INSIGHTS, ",".join(HEAVY)]
    first = json.loads(subprocess.run(ask, **run).stdout.splitlines()[-1])  # type: ignore[call-overload]
    again = json.loads(subprocess.run(ask, **run).stdout.splitlines()[-1])  # type: ignore[call-overload]
    assert "pandas" in first["heavy"]  # the first process computed them
    assert again == {"heavy": [], "findings": first["findings"]}


MASTER = """
import sys
from gunicorn.app.base import BaseApplication
BaseApplication.run = lambda self: None  # everything up to the point gunicorn takes over
from nestling import serving
serving.serve("127.0.0.1", 9000, workers=1, threads=1, with_worker=False)
print(sorted({n.split(".")[0] for n in sys.modules} & {"django", "typer", "click", "rich"}))
"""


def test_the_gunicorn_master_loads_neither_django_nor_the_command_line(tmp_path: Path) -> None:
    """The master only supervises: the settings warnings are printed before it starts
    (nestling.serving.exec_serve), and each worker loads Django for itself."""
    env = {**os.environ, "NESTLING_DATA_DIR": str(tmp_path)}
    done = subprocess.run(
        [sys.executable, "-c", MASTER],
        env=env,
        check=True,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.stdout.strip().splitlines()[-1] == "[]", done.stdout
