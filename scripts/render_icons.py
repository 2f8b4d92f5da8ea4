"""Render the app icon's PNG sizes from our own SVG artwork, with Debian's Chromium.

    uv run --frozen python scripts/render_icons.py

Run it after changing web/static/web/icons/app.svg or app-maskable.svg, and commit the
PNGs it writes next to them: phones want PNG for the home screen (the manifest's 192 and
512), iOS reads only apple-touch-icon, and older browsers a 32 px favicon. Nothing is
downloaded; the browser is the system's /usr/bin/chromium, driven by Playwright.
"""

from __future__ import annotations

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

ICONS = Path(__file__).resolve().parents[1] / "web" / "static" / "web" / "icons"
CHROMIUM = "/usr/bin/chromium"

#: (source SVG, size in px, PNG written). "any" icons keep their rounded corners
#: (transparent outside); maskable ones fill the square, for the phone to crop. iOS draws
#: its own rounded corners over a square, so its icon is the full-bleed one.
RENDERS = [
    ("app.svg", 32, "favicon-32.png"),
    ("app.svg", 192, "icon-192.png"),
    ("app.svg", 512, "icon-512.png"),
    ("app-maskable.svg", 192, "icon-maskable-192.png"),
    ("app-maskable.svg", 512, "icon-maskable-512.png"),
    ("app-maskable.svg", 180, "apple-touch-icon.png"),
]

PAGE = """<!doctype html><html><head><style>
html, body {{ margin: 0; background: transparent; }}
svg {{ display: block; width: {size}px; height: {size}px; }}
</style></head><body>{svg}</body></html>"""


def main() -> int:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"]
        )
        for source, size, target in RENDERS:
            page = browser.new_page(viewport={"width": size, "height": size})
            page.set_content(PAGE.format(size=size, svg=(ICONS / source).read_text()))
            page.screenshot(path=ICONS / target, omit_background=True)
            page.close()
            print(f"{source} -> {target} ({size}x{size})")
        browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
