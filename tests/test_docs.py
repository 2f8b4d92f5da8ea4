"""Docs are tested: every environment variable Nestling reads is documented."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ["nestling/settings.py", "cli/main.py"]


def env_vars_read() -> set[str]:
    found: set[str] = set()
    for source in SOURCES:
        text = (ROOT / source).read_text()
        found |= set(re.findall(r"""env\w*\(\s*["']([A-Z_]+)["']""", text))
        found |= set(re.findall(r"""environ(?:\.get)?\(\s*["']([A-Z_]+)["']""", text))
        found |= set(re.findall(r"""envvar=["']([A-Z_]+)["']""", text))
        found |= set(re.findall(r"""["']([A-Z_]+)["'] in os\.environ""", text))
    found.discard("DJANGO_SETTINGS_MODULE")
    return found


def test_every_env_var_has_a_heading_in_configuration_md():
    documented = set(
        re.findall(r"^## ([A-Z_]+)$", (ROOT / "docs/configuration.md").read_text(), re.MULTILINE)
    )
    assert env_vars_read() - documented == set()


def test_every_env_var_is_in_env_example():
    listed = set(re.findall(r"^([A-Z_]+)=", (ROOT / ".env.example").read_text(), re.MULTILINE))
    assert env_vars_read() - listed == set()


def test_found_some_variables():
    assert {"DATABASE_URL", "NESTLING_DATA_DIR", "SECRET_KEY", "ALLOWED_HOSTS"} <= env_vars_read()
