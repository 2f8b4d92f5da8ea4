"""Scoping by construction: every route, called with another household's ids, refuses.

See tests/walker.py for how the routes are found and filled. The walker's coverage is
printed at the end of the run (and with -s), as `make test` shows it.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import time_machine

from notifications import transport
from tests.walker import NOW, Walker, seed_world

#: Slow (walks every route as every kind of visitor (thousands of requests)): `make test-slow` and CI run it, `make test-sqlite` does not.
pytestmark = pytest.mark.slow


@pytest.fixture(autouse=True)
def _frozen() -> Iterator[None]:
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def sent(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Nothing leaves the machine; the addresses a request tried to reach are kept."""
    addresses: list[str] = []

    def send(url: str, title: str, body: str) -> transport.Outcome:
        addresses.append(url)
        return transport.Outcome(is_sent=True)

    monkeypatch.setattr(transport, "send", send)
    return addresses


_SUMMARY = pytest.StashKey[list[tuple[str, list[str]]]]()


def _show(config: pytest.Config, title: str, lines: list[str]) -> None:
    """Print the coverage now (visible with -s) and again in pytest's closing summary."""
    print(f"\n{title}\n" + "\n".join(lines))
    if _SUMMARY not in config.stash:
        config.stash[_SUMMARY] = sections = []

        class Summary:
            def pytest_terminal_summary(self, terminalreporter) -> None:  # noqa: ANN001
                for heading, body in sections:
                    terminalreporter.write_sep("-", heading)
                    for line in body:
                        terminalreporter.write_line(line)

        config.pluginmanager.register(Summary(), "route-walker-summary")
    config.stash[_SUMMARY].append((title, lines))


def test_no_route_lets_anyone_see_or_change_what_is_not_theirs(people, sent, pytestconfig):
    report = Walker(seed_world(people), sent).run()
    _show(pytestconfig, "route walker", report.summary())
    assert not report.findings, "\n".join(str(f) for f in report.findings)


@pytest.mark.urls("tests.walker_leaky_urls")
def test_the_walker_catches_unscoped_routes(people, sent, pytestconfig):
    report = Walker(seed_world(people), sent).run()
    found = {(f.persona, f.route) for f in report.findings}
    caught = sorted({route for _persona, route in found})
    summary = [*report.summary(list_findings=False), f"caught: {', '.join(caught)}"]
    _show(pytestconfig, "route walker, proof (unscoped routes mounted to be caught)", summary)
    assert found == {
        ("outsider", "leaky/events/<int:event_id>/notes/"),
        ("outsider", "leaky-api/events/<event_id>/notes"),
        ("outsider", "leaky/babies/<int:baby_id>/rename/"),
        ("viewer", "leaky/babies/<int:baby_id>/rename/"),
        ("partner", "leaky/checkins/<int:check_in_id>/band/"),
        ("walker", "leaky/gizmos/<int:gizmo_id>/"),
    }
    problems = {str(f) for f in report.findings}
    assert any("shows food-Qz7-note" in p and "leaky/events" in p for p in problems)
    assert any("changed the household's carelog.Baby" in p for p in problems)
    assert any("shows Moderately severe" in p for p in problems)
    assert any("no value for gizmo_id" in p for p in problems)
