"""Scale-out, for real: PostgreSQL, Redis, two app processes, a worker and nginx with HTTPS.

    uv run --frozen python scripts/scaleout.py [--apps N] [--redis-db N] [--keep-logs]

Starts, on this machine's loopback only:

- a fresh PostgreSQL database (``nestling_scaleout_<pid>``) on the server at $PGHOST:$PGPORT
  (default 127.0.0.1:5432, user $PGUSER or postgres, trust or ~/.pgpass auth);
- one Redis database of its own (default db 5 on 127.0.0.1:6379; emptied before and after,
  no other database is touched) for the cache and the task queue; a second run at the
  same time waits for the first to finish with it;
- N app processes (default 2), each ``nestling serve --no-worker`` on a free port;
- one ``nestling worker``;
- nginx (Debian's ``nginx-light`` or ``nginx``) with its own prefix, pid file and logs in
  a temporary folder, serving HTTPS on a free port with a self-signed certificate for
  127.0.0.1, round-robin over the app processes (the setup docs/deploy.md describes).

Then it checks, through https://127.0.0.1:PORT with the certificate verified:

- proxy: plain HTTP is sent to HTTPS, HSTS is set, and requests reach every app process;
- session: a login made on one app process is honoured by every other;
- event: an event posted through one app process is read back from another;
- reminder: a reminder scheduled now is delivered by the worker, once, to the inbox (read
  through the proxy) and to an outside channel (a local JSON webhook), whose link starts
  with SITE_URL;
- insights cache: the insights one app process computes are stored in Redis and the
  other app process answers from them without computing them again.

Prints PASS or FAIL per check and exits 1 on any failure, 2 when something it needs is
missing (with how to get it). Everything it started is stopped, its database dropped, its
Redis database flushed and its temporary folder removed, on success, failure or Ctrl+C.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PG_HOST = os.environ.get("PGHOST", "127.0.0.1")
PG_PORT = int(os.environ.get("PGPORT", "5432"))
PG_USER = os.environ.get("PGUSER", "postgres")
REDIS_HOST = os.environ.get("REDIS_HOST", "127.0.0.1")
REDIS_PORT = int(os.environ.get("REDIS_PORT", "6379"))
DEMO_USER, DEMO_PASSWORD = "mum", "nestling-demo"  # guidance/demo_family.py
#: The whole run, set-up included, must finish within this many seconds.
DEADLINE_S = 240
#: Marks the Redis database as this run's; another run waits this long for it.
CLAIM_KEY = "nestling-scaleout:owner"
REDIS_WAIT_S = 100


class Missing(Exception):
    """Something the run needs isn't here; the message says how to get it."""


class Check(Exception):
    """A check failed; the message says what was seen."""


# --- what the run needs ------------------------------------------------------------------


def find_nginx() -> str | None:
    # Debian installs it in /usr/sbin, which a non-root PATH often lacks.
    return shutil.which("nginx") or next(
        (p for p in ("/usr/sbin/nginx", "/usr/local/sbin/nginx") if os.access(p, os.X_OK)), None
    )


def preflight() -> dict[str, str]:
    """Say plainly what is missing, rather than fail half-way through."""
    import psycopg
    import redis

    try:
        psycopg.connect(
            host=PG_HOST, port=PG_PORT, user=PG_USER, dbname="postgres", connect_timeout=3
        ).close()
    except psycopg.OperationalError as exc:
        raise Missing(
            f"PostgreSQL is not reachable at {PG_HOST}:{PG_PORT} as {PG_USER} ({exc}). "
            "Start it (e.g. `service postgresql start` or `pg_ctlcluster 15 main start`) "
            "and allow this user to create databases; set PGHOST/PGPORT/PGUSER otherwise."
        ) from None
    try:
        redis.Redis(host=REDIS_HOST, port=REDIS_PORT, socket_connect_timeout=3).ping()
    except redis.RedisError as exc:
        raise Missing(
            f"Redis is not reachable at {REDIS_HOST}:{REDIS_PORT} ({exc}). Start it "
            "(e.g. `service redis-server start` or `redis-server --daemonize yes`); "
            "set REDIS_HOST/REDIS_PORT otherwise."
        ) from None
    nginx = find_nginx()
    if nginx is None:
        raise Missing("nginx is not installed: `apt-get install -y nginx-light` (Debian).")
    openssl = shutil.which("openssl")
    if openssl is None:
        raise Missing("openssl is not installed: `apt-get install -y openssl`.")
    nestling = Path(sys.executable).parent / "nestling"
    if not nestling.exists():
        found = shutil.which("nestling")
        if found is None:
            raise Missing("the `nestling` command is not found: run this with `uv run`.")
        nestling = Path(found)
    return {"nginx": nginx, "openssl": openssl, "nestling": str(nestling)}


def this_user_and_group() -> str:
    import grp
    import pwd

    return f"{pwd.getpwuid(os.geteuid()).pw_name} {grp.getgrgid(os.getegid()).gr_name}"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for(what: str, test: Callable[[], bool], timeout: float, procs: list[Proc]) -> None:
    """Poll `test` until it holds; fail early if one of our processes has died."""
    ends = time.monotonic() + timeout
    while time.monotonic() < ends:
        for proc in procs:
            if proc.popen.poll() is not None:
                raise Check(f"{proc.name} exited with {proc.popen.returncode} ({proc.log})")
        if test():
            return
        time.sleep(0.25)
    raise Check(f"timed out after {timeout:.0f} s waiting for {what}")


def port_answers(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1):
            return True
    except OSError:
        return False


# --- the processes -----------------------------------------------------------------------


class Proc:
    def __init__(self, name: str, argv: list[str], env: dict[str, str], logs: Path) -> None:
        self.name = name
        self.log = logs / f"{name}.log"
        with self.log.open("wb") as out:
            # A session of its own: stopping it stops gunicorn's workers too, and a
            # Ctrl+C in the terminal reaches only this script, which then tidies up.
            self.popen = subprocess.Popen(
                argv,
                cwd=ROOT,
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    def stop(self) -> None:
        if self.popen.poll() is not None:
            return
        try:
            os.killpg(self.popen.pid, signal.SIGTERM)
            self.popen.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(self.popen.pid, signal.SIGKILL)
            self.popen.wait(timeout=10)
        except ProcessLookupError:
            pass


def run(argv: list[str], env: dict[str, str], what: str, timeout: float = 120) -> str:
    done = subprocess.run(
        argv, cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout, check=False
    )
    if done.returncode != 0:
        raise Check(f"{what} failed ({done.returncode}): {(done.stderr or done.stdout)[-2000:]}")
    return done.stdout


OPENSSL_CNF = """\
[req]
distinguished_name = dn
x509_extensions = leaf
prompt = no
[dn]
CN = 127.0.0.1
[leaf]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature, keyEncipherment
extendedKeyUsage = serverAuth
subjectAltName = IP:127.0.0.1
subjectKeyIdentifier = hash
"""


def make_certificate(openssl: str, folder: Path) -> tuple[Path, Path]:
    """A self-signed server certificate for 127.0.0.1, which the checks then trust (not -k)."""
    cert, key, cnf = folder / "cert.pem", folder / "key.pem", folder / "openssl.cnf"
    cnf.write_text(OPENSSL_CNF)
    subprocess.run(
        [openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
         "-keyout", str(key), "-out", str(cert), "-config", str(cnf)],
        check=True, capture_output=True, timeout=60,
    )  # fmt: skip
    return cert, key


NGINX_CONF = """\
# Written by scripts/scaleout.py; the same shape as the site in docs/deploy.md.
daemon off;
worker_processes 1;
pid {prefix}/nginx.pid;
error_log {logs}/nginx-error.log warn;
{user}
events {{ worker_connections 256; }}

http {{
    access_log {logs}/nginx-access.log;
    client_body_temp_path {prefix}/client_body;
    proxy_temp_path {prefix}/proxy;
    fastcgi_temp_path {prefix}/fastcgi;
    uwsgi_temp_path {prefix}/uwsgi;
    scgi_temp_path {prefix}/scgi;

    upstream nestling {{
{servers}
        keepalive 8;
    }}

    server {{
        listen 127.0.0.1:{http_port};
        return 301 https://$host:{tls_port}$request_uri;
    }}

    server {{
        listen 127.0.0.1:{tls_port} ssl;
        server_name 127.0.0.1;
        ssl_certificate {cert};
        ssl_certificate_key {key};
        ssl_protocols TLSv1.2 TLSv1.3;
        client_max_body_size 60m;

        location / {{
            proxy_pass http://nestling;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host $http_host;
            proxy_set_header X-Forwarded-Proto $scheme;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_read_timeout 120s;
            # Only for this script: which app process answered.
            add_header X-Nestling-Upstream $upstream_addr always;
        }}
    }}
}}
"""


# --- an outside channel: a JSON webhook Apprise posts to (json://) -----------------------


class Webhook:
    def __init__(self) -> None:
        self.received: list[dict[str, Any]] = []
        received = self.received

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 - http.server's name
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                try:
                    received.append(json.loads(body))
                except ValueError:
                    received.append({"raw": body.decode(errors="replace")})
                self.send_response(200)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


# --- the run -----------------------------------------------------------------------------


class Run:
    def __init__(self, apps: int, redis_db: int, tools: dict[str, str]) -> None:
        self.apps = apps
        self.redis_db = redis_db
        self.tools = tools
        self.tmp = Path(tempfile.mkdtemp(prefix="nestling-scaleout-"))
        self.logs = self.tmp / "logs"
        self.logs.mkdir()
        self.db_name = f"nestling_scaleout_{os.getpid()}"
        self.db_created = False
        self.redis_claimed = False
        self.procs: list[Proc] = []
        self.app_ports = [free_port() for _ in range(apps)]
        self.tls_port = free_port()
        self.http_port = free_port()
        self.base = f"https://127.0.0.1:{self.tls_port}"
        self.results: list[tuple[str, bool, str]] = []
        self.webhook: Webhook | None = None
        self.cert: Path | None = None
        import redis

        self.redis = redis.Redis(host=REDIS_HOST, port=REDIS_PORT, db=redis_db)

    # set-up ------------------------------------------------------------------------------

    def env(self, data_dir: str = "data") -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith("NESTLING_")}
        env.update(
            {
                "DATABASE_URL": f"postgres://{PG_USER}@{PG_HOST}:{PG_PORT}/{self.db_name}",
                "REDIS_URL": f"redis://{REDIS_HOST}:{REDIS_PORT}/{self.redis_db}",
                "SECRET_KEY": self.secret,
                "SITE_URL": self.base,
                "NESTLING_BEHIND_PROXY": "true",
                "ALLOWED_HOSTS": "127.0.0.1,localhost",
                "NESTLING_DATA_DIR": str(self.tmp / data_dir),
                "NESTLING_RUN_WORKER": "false",
                "DJANGO_SETTINGS_MODULE": "nestling.settings",
                "LOG_LEVEL": "INFO",
                "DEBUG": "false",
            }
        )
        for name in ("CSRF_TRUSTED_ORIGINS", "SECRET_KEY_FILE"):
            # Ours is SECRET_KEY; and CSRF must pass on the proxy's Host header alone.
            env.pop(name, None)
        return env

    def set_up(self) -> None:
        """Long on purpose: the start-up of the whole stack in the order it must happen
        (database, settings, migrations, two app processes, the worker, the proxy), each step
        waiting on the one before."""
        import psycopg

        self.secret = secrets.token_urlsafe(50)
        print(f"-- folder {self.tmp}")
        with psycopg.connect(
            host=PG_HOST, port=PG_PORT, user=PG_USER, dbname="postgres", autocommit=True
        ) as conn:
            conn.execute(f'CREATE DATABASE "{self.db_name}"')
        self.db_created = True
        print(f"-- database {self.db_name} on {PG_HOST}:{PG_PORT}")
        self.claim_redis_db()

        env, nestling = self.env(), self.tools["nestling"]
        started = time.monotonic()
        run([nestling, "manage", "migrate", "--noinput", "-v", "0"], env, "migrate")
        summary = run([nestling, "demo", "--no-serve", "--weeks", "2"], env, "demo")
        print(f"-- migrated and loaded the demo family in {time.monotonic() - started:.0f} s:")
        print("   " + summary.strip().splitlines()[0])

        started = time.monotonic()
        worker = self.env("data-worker")
        self.procs.append(Proc("worker", [nestling, "worker"], worker, self.logs))
        # Each app process has a data folder of its own, as on separate machines: with
        # PostgreSQL and Redis it holds only the collected static files, which every
        # `nestling serve` rewrites at start-up (two rewriting one folder could serve a
        # half-written file). Everything shared is in PostgreSQL and Redis.
        for number, port in enumerate(self.app_ports, start=1):
            argv = [nestling, "serve", "--host", "127.0.0.1", "--port", str(port),
                    "--workers", "1", "--threads", "2", "--no-worker"]  # fmt: skip
            self.procs.append(Proc(f"app{number}", argv, self.env(f"data-app{number}"), self.logs))
        for number, port in enumerate(self.app_ports, start=1):
            wait_for(f"app{number} on port {port}", lambda p=port: port_answers(p), 120, self.procs)
        print(
            f"-- {self.apps} app processes on ports {', '.join(map(str, self.app_ports))} "
            f"and the worker, up in {time.monotonic() - started:.0f} s"
        )

        prefix = self.tmp / "nginx"
        prefix.mkdir()
        self.cert, key = make_certificate(self.tools["openssl"], prefix)
        # Started as root, nginx runs its workers as `nobody` (and group `nobody`, which
        # Debian lacks), who can't enter our folder: keep them as the user running this.
        user = f"user {this_user_and_group()};" if os.geteuid() == 0 else ""
        conf = prefix / "nginx.conf"
        conf.write_text(
            NGINX_CONF.format(
                prefix=prefix,
                logs=self.logs,
                user=user,
                servers="\n".join(f"        server 127.0.0.1:{p};" for p in self.app_ports),
                http_port=self.http_port,
                tls_port=self.tls_port,
                cert=self.cert,
                key=key,
            )
        )
        nginx = self.tools["nginx"]
        test = subprocess.run(
            [nginx, "-t", "-q", "-p", str(prefix), "-e", str(self.logs / "nginx-error.log"),
             "-c", str(conf)],
            capture_output=True, text=True, check=False,
        )  # fmt: skip
        if test.returncode != 0:
            raise Check(f"nginx -t refused the configuration: {test.stderr.strip()}")
        argv = [nginx, "-p", str(prefix), "-e", str(self.logs / "nginx-error.log"), "-c", str(conf)]
        self.procs.append(Proc("nginx", argv, env, self.logs))
        wait_for("nginx", lambda: port_answers(self.tls_port), 30, self.procs)
        print(f"-- nginx on {self.base} (and http://127.0.0.1:{self.http_port})")

    def claim_redis_db(self) -> None:
        """Take the Redis database for this run, waiting for another run to finish with it,
        then empty it (all but the claim)."""
        ends, said = time.monotonic() + REDIS_WAIT_S, False
        while not self.redis.set(CLAIM_KEY, os.getpid(), nx=True, ex=DEADLINE_S + 60):
            if time.monotonic() > ends:
                raise Check(f"Redis db {self.redis_db} stayed in use by another scale-out run")
            if not said:
                owner = (self.redis.get(CLAIM_KEY) or b"?").decode()
                print(f"-- Redis db {self.redis_db} is in use by scale-out run {owner}; waiting")
                said = True
            time.sleep(1)
        self.redis_claimed = True
        stale = [key for key in self.redis.scan_iter() if key != CLAIM_KEY.encode()]
        if stale:
            self.redis.delete(*stale)
        print(
            f"-- Redis db {self.redis_db} on {REDIS_HOST}:{REDIS_PORT} ({len(stale)} keys cleared)"
        )

    # checks ------------------------------------------------------------------------------

    def check(self, name: str, func: Callable[[], str]) -> None:
        try:
            detail = func()
            ok = True
        except Check as exc:
            detail, ok = str(exc), False
        except Exception as exc:  # noqa: BLE001 - any surprise is this check's failure
            detail, ok = f"{type(exc).__name__}: {exc}", False
        self.results.append((name, ok, detail))
        print(f"{'PASS' if ok else 'FAIL'} {name}: {detail}", flush=True)

    def upstream(self, response: Any) -> str:
        return response.headers.get("X-Nestling-Upstream", "?")

    def get_from(self, upstream: str, path: str, **kwargs: Any) -> Any:
        """GET through the proxy until the given app process answers (round robin)."""
        seen = []
        for _ in range(4 * self.apps):
            response = self.http.get(self.base + path, allow_redirects=False, **kwargs)
            if self.upstream(response) == upstream:
                return response
            seen.append(self.upstream(response))
        raise Check(f"the proxy never sent {path} to {upstream} (went to {seen})")

    def headers(self, referer: str = "/") -> dict[str, str]:
        return {
            "X-CSRFToken": self.http.cookies.get("csrftoken", ""),
            "Referer": self.base + referer,
            "Origin": self.base,
        }

    def check_proxy(self) -> str:
        plain = self.plain.get(
            f"http://127.0.0.1:{self.http_port}/login/", allow_redirects=False, timeout=10
        )
        want = f"{self.base}/login/"
        if plain.status_code != 301 or plain.headers.get("Location") != want:
            raise Check(f"plain HTTP gave {plain.status_code} {plain.headers.get('Location')}")
        # An app process reached without the proxy's X-Forwarded-Proto sends you to HTTPS.
        direct = self.plain.get(
            f"http://127.0.0.1:{self.app_ports[0]}/login/", allow_redirects=False, timeout=10
        )
        if direct.status_code != 301 or not direct.headers.get("Location", "").startswith(
            "https://"
        ):
            raise Check(f"an app process over plain HTTP gave {direct.status_code}")
        seen = set()
        for _ in range(2 * self.apps):
            response = self.http.get(self.base + "/login/", timeout=30)
            if response.status_code != 200:
                raise Check(f"GET /login/ gave {response.status_code}")
            seen.add(self.upstream(response))
        hsts = response.headers.get("Strict-Transport-Security", "")
        if "max-age=" not in hsts:
            raise Check(f"no HSTS header over HTTPS ({hsts!r})")
        wanted = {f"127.0.0.1:{p}" for p in self.app_ports}
        if seen != wanted:
            raise Check(f"requests reached {sorted(seen)}, not every app process")
        return (
            f"HTTP→HTTPS redirect, HSTS ({hsts}), certificate verified, "
            f"{2 * self.apps} requests spread over {len(seen)} app processes"
        )

    def check_session(self) -> str:
        page = self.http.get(self.base + "/login/", timeout=30)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
        if token is None:
            raise Check("no CSRF token on the login page")
        response = self.http.post(
            self.base + "/login/",
            data={
                "username": DEMO_USER,
                "password": DEMO_PASSWORD,
                "csrfmiddlewaretoken": token.group(1),
            },
            headers={"Referer": self.base + "/login/"},
            allow_redirects=False,
            timeout=30,
        )
        if response.status_code != 302:
            raise Check(f"logging in gave {response.status_code}, not a redirect")
        cookie = next((c for c in self.http.cookies if c.name == "sessionid"), None)
        if cookie is None or not cookie.secure:
            raise Check(f"no secure session cookie after logging in ({cookie})")
        self.logged_in_on = self.upstream(response)
        answered = []
        for port in self.app_ports:
            page = self.get_from(f"127.0.0.1:{port}", "/", timeout=60)
            if page.status_code != 200 or "Sam" not in page.text:
                raise Check(f"Today on 127.0.0.1:{port} gave {page.status_code} (not signed in)")
            answered.append(str(port))
        # Sessions live in PostgreSQL: a session only one process knew would have been
        # redirected to /login/ (302) above on the other.
        return (
            f"logged in on {self.logged_in_on}; Today signed in on ports {', '.join(answered)} "
            f"(session and CSRF cookies Secure)"
        )

    def check_event(self) -> str:
        babies = self.http.get(self.base + "/api/v1/babies", timeout=30).json()
        self.baby = babies[0]["id"]
        response = self.http.post(
            self.base + "/api/v1/events",
            json={"kind": "nappy", "baby": self.baby, "details": {"wet": True}},
            headers={**self.headers(), "Idempotency-Key": secrets.token_hex(16)},
            timeout=30,
        )
        if response.status_code != 201:
            raise Check(f"POST /api/v1/events gave {response.status_code}: {response.text[:300]}")
        event, written_on = response.json(), self.upstream(response)
        others = [f"127.0.0.1:{p}" for p in self.app_ports if f"127.0.0.1:{p}" != written_on]
        for other in others:
            read = self.get_from(other, f"/api/v1/events/{event['id']}", timeout=30)
            if read.status_code != 200 or read.json().get("kind") != "nappy":
                raise Check(f"event {event['id']} read on {other}: {read.status_code}")
            history = self.get_from(other, f"/babies/{self.baby}/events/", timeout=60)
            if history.status_code != 200 or f"/events/{event['id']}/edit/" not in history.text:
                raise Check(f"event {event['id']} is not in History on {other}")
        return (
            f"event {event['id']} posted through {written_on}, read back (API and History) "
            f"from {', '.join(others)}"
        )

    def check_reminder(self) -> str:
        """Long on purpose: one reminder followed end to end (a channel added through the API,
        a reminder queued by another process, the worker's send, the inbox and the webhook,
        the row in the database), each step checked before the next."""
        import psycopg

        assert self.webhook is not None
        hook = f"json://127.0.0.1:{self.webhook.port}/nestling"
        response = self.http.post(
            self.base + "/api/v1/channels",
            json={"url": hook, "name": "scale-out webhook"},
            headers=self.headers(),
            timeout=30,
        )
        if response.status_code != 201:
            raise Check(f"adding the channel gave {response.status_code}: {response.text[:300]}")
        mark = secrets.token_hex(6)
        code = (
            "from django.utils import timezone\n"
            "from households.models import Membership\n"
            "from notifications.services import schedule_reminder\n"
            f"m = Membership.objects.get(user__username={DEMO_USER!r})\n"
            f"r = schedule_reminder(m, 'test', 'Scale-out check {mark}', 'Queued by the "
            f"scale-out script.', '/inbox/', timezone.now(), 'scaleout-{mark}')\n"
            "print('reminder', r.pk, r.state)\n"
        )
        scheduled = time.monotonic()
        out = run([self.tools["nestling"], "manage", "shell", "-v", "0", "-c", code],
                  self.env(), "scheduling the reminder")  # fmt: skip
        found = re.search(r"reminder (\d+) (\w+)", out)
        if found is None:
            raise Check(f"the shell didn't report the reminder: {out[-300:]}")
        reminder_id = int(found.group(1))

        def in_inbox() -> list[dict[str, Any]]:
            inbox = self.http.get(self.base + "/api/v1/inbox", timeout=30).json()
            return [n for n in inbox["notifications"] if mark in n["title"]]

        def settled() -> bool:
            return bool(in_inbox()) and bool(self.webhook and self.webhook.received)

        wait_for("the worker to deliver the reminder", settled, 90, self.procs)
        took = time.monotonic() - scheduled
        time.sleep(2)  # anything sent twice would arrive by now
        with psycopg.connect(host=PG_HOST, port=PG_PORT, user=PG_USER, dbname=self.db_name) as conn:
            state, attempts = conn.execute(
                "SELECT state, attempts FROM notifications_reminder WHERE id = %s", (reminder_id,)
            ).fetchone()
        if state != "sent":
            raise Check(f"reminder {reminder_id} is {state!r} after delivery, not 'sent'")
        notes = in_inbox()
        hooks = [m for m in self.webhook.received if mark in json.dumps(m)]
        if len(notes) != 1 or len(hooks) != 1:
            raise Check(f"delivered {len(notes)}× to the inbox and {len(hooks)}× to the channel")
        message = hooks[0].get("message", "")
        if f"{self.base}/inbox/" not in message:
            raise Check(f"the channel's link doesn't start with SITE_URL: {message!r}")
        worker_log = (self.logs / "worker.log").read_text(errors="replace")
        if f"queue in Redis at {REDIS_HOST}" not in worker_log:
            raise Check("the worker's log doesn't say its queue is in Redis")
        return (
            f"reminder {reminder_id} queued in Redis by another process, delivered by the "
            f"worker in {took:.1f} s: once to the inbox (read through the proxy), once to the "
            f"webhook with link {self.base}/inbox/; state {state}, {attempts} attempt(s)"
        )

    def insights_keys(self) -> set[bytes]:
        return set(self.redis.scan_iter(match="*insights:*"))

    def check_insights_cache(self) -> str:
        for attempt in range(2):  # the key names the hour: try again if it just turned
            try:
                return self._insights_once()
            except Check as exc:
                if attempt or "hour" not in str(exc):
                    raise
        raise AssertionError("unreachable")

    def _insights_once(self) -> str:
        hour = time.strftime("%Y%m%d%H", time.gmtime())
        before = self.insights_keys()
        first = self.http.get(self.base + "/insights/", allow_redirects=False, timeout=120)
        if first.status_code != 200:
            raise Check(f"/insights/ gave {first.status_code}")
        computed_on = self.upstream(first)
        new = self.insights_keys() - before
        if not new:
            raise Check(f"no new insights key in Redis db {self.redis_db} after {computed_on}")
        time.sleep(3)  # so a key rewritten now would show a fresher expiry than a key read
        ttl_before = {key: self.redis.pttl(key) for key in new}
        other = next(f"127.0.0.1:{p}" for p in self.app_ports if f"127.0.0.1:{p}" != computed_on)
        second = self.get_from(other, "/insights/", timeout=120)
        if second.status_code != 200:
            raise Check(f"/insights/ on {other} gave {second.status_code}")
        after = self.insights_keys()
        if after - before - new:
            if time.strftime("%Y%m%d%H", time.gmtime()) != hour:
                raise Check("the hour turned between the two requests")
            raise Check(f"{other} stored insights of its own instead of reading them: "
                        f"{sorted(k.decode() for k in after - before - new)}")  # fmt: skip
        for key in new:
            idle = self.redis.object("idletime", key)
            ttl = self.redis.pttl(key)
            if idle is None or idle > 2:
                raise Check(f"{other} never read {key.decode()} (idle {idle} s)")
            if ttl > ttl_before[key]:
                raise Check(f"{other} rewrote {key.decode()} instead of reading it")
        timing = [r.headers.get("Server-Timing", "?").split("dur=")[-1] for r in (first, second)]
        return (
            f"computed on {computed_on} in {timing[0]} ms and stored in Redis "
            f"({len(new)} key(s), e.g. {min(new).decode()[:40]}…); {other} read the "
            f"same key(s) without rewriting them and answered in {timing[1]} ms"
        )

    def check_all(self) -> None:
        import requests

        self.plain = requests.Session()
        self.http = requests.Session()
        # Ignore REQUESTS_CA_BUNDLE and *_PROXY from the environment: loopback only, and
        # the self-signed certificate is checked against itself (not skipped, as curl -k).
        self.plain.trust_env = self.http.trust_env = False
        self.http.verify = str(self.cert)
        self.webhook = Webhook()
        self.check("proxy", self.check_proxy)
        self.check("session", self.check_session)
        if not self.results[-1][1]:
            return  # everything else needs the login
        self.check("event", self.check_event)
        self.check("reminder", self.check_reminder)
        self.check("insights cache", self.check_insights_cache)
        for proc in self.procs:
            if proc.popen.poll() is not None:
                self.results.append((proc.name, False, "exited during the checks"))
                print(f"FAIL {proc.name}: exited with {proc.popen.returncode} during the checks")

    # teardown ----------------------------------------------------------------------------

    def show_logs(self) -> None:
        for log in sorted(self.logs.glob("*.log")):
            lines = log.read_text(errors="replace").splitlines()
            interesting = [line for line in lines if '" 200 ' not in line][-25:]
            if interesting:
                print(f"---- {log.name} (last lines) ----")
                print("\n".join(interesting))

    def tear_down(self, keep_logs: bool) -> None:
        for proc in reversed(self.procs):
            proc.stop()
        if self.webhook is not None:
            self.webhook.close()
        try:
            if self.redis_claimed:  # never another run's data
                self.redis.flushdb()
        except Exception as exc:  # noqa: BLE001 - keep tidying up
            print(f"-- could not flush Redis db {self.redis_db}: {exc}")
        if self.db_created:
            import psycopg

            try:
                with psycopg.connect(
                    host=PG_HOST, port=PG_PORT, user=PG_USER, dbname="postgres", autocommit=True
                ) as conn:
                    conn.execute(f'DROP DATABASE IF EXISTS "{self.db_name}" WITH (FORCE)')
            except Exception as exc:  # noqa: BLE001 - keep tidying up
                print(f"-- could not drop database {self.db_name}: {exc}")
        if keep_logs:
            kept = Path(tempfile.mkdtemp(prefix="nestling-scaleout-logs-"))
            shutil.copytree(self.logs, kept, dirs_exist_ok=True)
            print(f"-- logs kept in {kept}")
        shutil.rmtree(self.tmp, ignore_errors=True)
        print(f"-- stopped {len(self.procs)} processes, dropped {self.db_name}, "
              f"flushed Redis db {self.redis_db}, removed {self.tmp}")  # fmt: skip


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--apps", type=int, default=2, help="app processes (at least 2)")
    parser.add_argument("--redis-db", type=int, default=5, help="Redis database to use")
    parser.add_argument("--keep-logs", action="store_true", help="keep the processes' logs")
    args = parser.parse_args()
    if args.apps < 2:
        parser.error("--apps must be at least 2")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "nestling.settings")

    def stop(signum: int, _frame: object) -> None:
        raise KeyboardInterrupt(signal.Signals(signum).name)

    for signum in (signal.SIGTERM, signal.SIGHUP, signal.SIGALRM):
        signal.signal(signum, stop)
    signal.alarm(DEADLINE_S)

    try:
        tools = preflight()
    except Missing as exc:
        print(f"SKIP: {exc}", file=sys.stderr)
        return 2
    started = time.monotonic()
    scale = Run(args.apps, args.redis_db, tools)
    failed = True
    try:
        try:
            scale.set_up()
        except Exception as exc:  # noqa: BLE001 - reported, then everything is torn down
            detail = str(exc) if isinstance(exc, Check) else f"{type(exc).__name__}: {exc}"
            scale.results.append(("set-up", False, detail))
            print(f"FAIL set-up: {detail}")
        else:
            scale.check_all()
        failed = not scale.results or not all(ok for _name, ok, _detail in scale.results)
    except KeyboardInterrupt as exc:
        print(f"FAIL interrupted ({exc or 'SIGINT'}); tearing down")
    finally:
        signal.alarm(0)
        for signum in (signal.SIGTERM, signal.SIGHUP, signal.SIGINT):
            signal.signal(signum, signal.SIG_IGN)  # a second Ctrl+C mustn't stop the tidying
        if failed:
            scale.show_logs()
        scale.tear_down(args.keep_logs)
    passed = sum(ok for _name, ok, _detail in scale.results)
    print(f"== {passed}/{len(scale.results)} checks passed in {time.monotonic() - started:.0f} s")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
