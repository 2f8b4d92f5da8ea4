"""Accessibility in a real browser (issue 12, item 9): axe-core finds no serious or critical
problem on any main page, in light or dark mode, and the keyboard reaches Today's log
buttons with a visible focus all the way.

axe-core comes from the npm registry, pinned in package-lock.json; `make test` installs it
(`npm ci`). Without it the test is skipped, except in CI, where it must run. Chromium is
Debian's (conftest.py's `chromium` fixture), never a downloaded browser.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"

#: The main pages, as the demo family's Dad sees them ({baby} is Sam's id).
PAGES = {
    "Today": "/",
    "History": "/events/",
    "an event form": "/babies/{baby}/events/new/feed/",
    "Insights": "/insights/",
    "Trends": "/trends/",
    "Wellbeing": "/wellbeing/",
    "a check-in": "/wellbeing/checkins/new/phq9/",
    "the crying plan": "/crying-plan/",
    "help": "/help/",
    "plans": "/plans/",
    "household": "/household/",
    "import": "/household/import/",
    "report": "/report/",
}
MODES = ("light", "dark")
SERIOUS = ("serious", "critical")

RUN_AXE = """async (serious) => {
  // Open every <details>, so what is folded away is checked too.
  document.querySelectorAll("details").forEach((d) => { d.open = true; });
  const result = await axe.run(document, { resultTypes: ["violations"] });
  return result.violations
    .filter((v) => serious.includes(v.impact))
    .map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.slice(0, 5).map((n) => n.target.join(" ") + " :: " + n.failureSummary),
    }));
}"""

#: The focused element's focus ring, if any: an outline or box-shadow on it, or on a close
#: ancestor styled with :focus-within (a radio's label), that isn't there without focus.
FOCUS_RING = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return {tag: "body", visible: false};
  const chain = [el, el.parentElement, el.parentElement?.parentElement].filter(Boolean);
  const look = () => chain.map((node) => {
    const s = getComputedStyle(node);
    const outline = s.outlineStyle !== "none" && parseFloat(s.outlineWidth) > 0
      ? `${s.outlineStyle} ${s.outlineWidth} ${s.outlineColor}` : "";
    return outline + "|" + (s.boxShadow === "none" ? "" : s.boxShadow);
  });
  const focused = look();
  el.blur();
  const unfocused = look();
  el.focus({ focusVisible: true });
  const ring = focused.some((style, i) => style !== "|" && style !== unfocused[i]);
  const label = (el.innerText || el.getAttribute("aria-label") || el.name || "").trim();
  return {
    tag: el.tagName.toLowerCase(),
    label: label.slice(0, 40),
    cls: el.className && el.className.baseVal === undefined ? el.className : "",
    visible: ring,
    back: document.activeElement === el,
  };
}"""


@pytest.fixture
def axe_script() -> Path:
    """node_modules/axe-core/axe.min.js: skipped when missing, except in CI."""
    if not AXE.exists():
        message = f"{AXE.relative_to(ROOT)} is missing: run `npm ci` (as `make test` does)"
        if os.environ.get("CI") == "true":
            pytest.fail(message + "; CI must run the accessibility checks")
        pytest.skip(message)
    return AXE


@pytest.fixture
def family(transactional_db):  # noqa: ANN001, ANN201
    """The demo family (three weeks of care, Dad's plan, a running timer), committed so the
    live server sees it."""
    from carelog.models import Baby
    from guidance.demo_family import DEMO_PASSWORD, load_demo

    load_demo(seed=7, weeks=3)
    return Baby.objects.get().pk, DEMO_PASSWORD


def log_in(page, url: str, password: str) -> None:  # noqa: ANN001
    page.goto(url + "/login/")
    page.get_by_label("Username").fill("dad")
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(url + "/")


def check(page, axe: Path, name: str, mode: str) -> list[str]:  # noqa: ANN001
    page.wait_for_load_state("networkidle")
    page.add_script_tag(path=str(axe))
    return [
        f"{name} ({mode}): [{v['impact']}] {v['id']}: {v['help']}\n      "
        + "\n      ".join(v["nodes"])
        for v in page.evaluate(RUN_AXE, list(SERIOUS))
    ]


@pytest.mark.browser
def test_main_pages_have_no_serious_accessibility_problems(
    chromium, live_server, axe_script, family
):
    baby, password = family
    problems: list[str] = []
    checked = 0
    for mode in MODES:
        # bypass_csp: axe is injected as a script of the test's own, which our strict
        # Content-Security-Policy would (rightly) refuse.
        context = chromium.new_context(
            viewport={"width": 390, "height": 844}, color_scheme=mode, bypass_csp=True
        )
        page = context.new_page()
        page.set_default_timeout(20_000)
        page.goto(live_server.url + "/login/")
        problems += check(page, axe_script, "login", mode)
        checked += 1
        log_in(page, live_server.url, password)
        for name, path in PAGES.items():
            response = page.goto(live_server.url + path.format(baby=baby))
            assert response is not None and response.ok, f"{path}: {response and response.status}"
            problems += check(page, axe_script, name, mode)
            checked += 1
        context.close()
    print(f"axe-core checked {checked} pages ({len(PAGES) + 1} pages x {'/'.join(MODES)})")
    assert not problems, "\n".join(problems)


@pytest.mark.browser
@pytest.mark.parametrize("mode", MODES)
def test_the_keyboard_reaches_todays_log_buttons_with_a_visible_focus(
    chromium, live_server, family, mode
):
    _baby, password = family
    context = chromium.new_context(viewport={"width": 390, "height": 844}, color_scheme=mode)
    page = context.new_page()
    page.set_default_timeout(20_000)
    log_in(page, live_server.url, password)
    page.wait_for_load_state("networkidle")
    first_log_button = page.locator(".quick .quick-button").first.element_handle()

    # Tab through the whole page, until focus leaves it (or comes round again).
    visited: list[dict] = []
    presses_to_log_button = 0
    for _ in range(200):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUS_RING)
        if focused["tag"] == "body" or (visited and focused == visited[0]):
            break
        visited.append(focused)
        if page.evaluate("(el) => document.activeElement === el", first_log_button):
            presses_to_log_button = len(visited)
    page.close()
    context.close()
    path = " > ".join(f"{f['tag']}:{f['label']}" for f in visited[:20])
    print(
        f"Tab ({mode}): {len(visited)} stops on Today, each with a visible focus; the first "
        f"log button is stop {presses_to_log_button}"
    )
    assert visited[0]["label"] == "Skip to content"
    assert 0 < presses_to_log_button <= 15, f"Tab reached the first log button late: {path}"
    unringed = [f for f in visited if not f["visible"]]
    assert not unringed, f"no visible focus on {unringed}"
    assert all(f["back"] for f in visited)
