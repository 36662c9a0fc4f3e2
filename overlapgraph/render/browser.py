"""Headless Chromium (Debian's /usr/bin/chromium, driven by playwright) for screenshots and page checks.

The browser runs with every network request refused: pages must draw from the file alone.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from ..errors import OverlapGraphError

__all__ = ["CHROMIUM", "LAUNCH_ARGS", "block_network", "chromium", "screenshot", "wait_until_drawn"]

#: The browser used: Debian's chromium package (never a downloaded build). OVERLAPGRAPH_CHROMIUM overrides.
CHROMIUM = "/usr/bin/chromium"

#: Flags for a quiet, offline, root-safe headless run.
LAUNCH_ARGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)


def _executable() -> str:
    return os.environ.get("OVERLAPGRAPH_CHROMIUM", CHROMIUM)


def _sync_api() -> Any:
    """playwright's sync API, or OverlapGraphError saying what to install."""
    try:
        from playwright import sync_api
    except ImportError as e:
        raise OverlapGraphError(
            "drawing a PNG needs the Python package playwright, which overlapgraph installs: reinstall "
            "overlapgraph (python3 -m pip install .) or run python3 -m pip install playwright; the browser "
            "is Debian's chromium (apt-get install chromium), nothing is downloaded"
        ) from e
    return sync_api


@contextmanager
def chromium() -> Iterator[Any]:
    """A headless Chromium ``playwright`` Browser, closed on exit; each launch has a fresh profile.

    Raises
    ------
    OverlapGraphError
        Chromium is missing or does not start.
    """
    exe = _executable()
    if not Path(exe).is_file():
        raise OverlapGraphError(
            f"Chromium not found at {exe}: install Debian's chromium package (apt-get install chromium)"
        )
    api = _sync_api()
    with api.sync_playwright() as p:
        try:
            browser = p.chromium.launch(executable_path=exe, headless=True, args=list(LAUNCH_ARGS))
        except api.Error as e:
            first = str(e).strip().splitlines()[0] if str(e).strip() else type(e).__name__
            raise OverlapGraphError(f"Cannot start Chromium at {exe}: {first}") from e
        try:
            yield browser
        finally:
            browser.close()


def block_network(context: Any, attempts: list[str] | None = None) -> None:
    """Abort every request that is not for a file:, data: or blob: URL; record its URL in ``attempts``."""

    def handle(route: Any) -> None:
        url = route.request.url
        if url.startswith(("file:", "data:", "blob:")):
            route.continue_()
            return
        if attempts is not None:
            attempts.append(url)
        route.abort("blockedbyclient")

    context.route("**/*", handle)


def wait_until_drawn(page: Any, timeout_s: float = 30.0) -> None:
    """Wait until the overlapgraph page has drawn its settled first frame."""
    page.wait_for_function(
        "() => window.overlapgraph && window.overlapgraph.ready === true", timeout=timeout_s * 1000
    )


def screenshot(
    html: Path, png: Path, *, width: int = 1600, height: int = 1000, timeout_s: float = 60.0
) -> None:
    """Write a PNG screenshot of the page ``html`` (an overlapgraph network page) to ``png``.

    Works inside a running asyncio loop too (a notebook, another playwright session): playwright's
    sync API refuses to run there, so the browser is then driven from a worker thread.

    Raises
    ------
    OverlapGraphError
        Chromium is missing, or the page did not draw within ``timeout_s`` seconds.
    """
    import asyncio
    from concurrent.futures import ThreadPoolExecutor

    try:
        asyncio.get_running_loop()
    except RuntimeError:
        _screenshot(html, png, width, height, timeout_s)
        return
    with ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(_screenshot, html, png, width, height, timeout_s).result()


def _screenshot(html: Path, png: Path, width: int, height: int, timeout_s: float) -> None:
    Error = _sync_api().Error
    with chromium() as browser:
        context = browser.new_context(viewport={"width": width, "height": height}, device_scale_factor=1)
        block_network(context)
        page = context.new_page()
        try:
            page.goto(html.resolve().as_uri())
            wait_until_drawn(page, timeout_s)
            page.screenshot(path=str(png), full_page=False)
        except Error as e:
            raise OverlapGraphError(
                f"{html}: the page did not draw in Chromium: {str(e).splitlines()[0]}"
            ) from e
        finally:
            context.close()
