"""Chart images through kaleido, with one Chromium for a whole batch (starting one costs seconds; a chart, a fraction).

The browser is Debian's Chromium (``BROWSER_PATH``, else ``/usr/bin/chromium``); nothing is ever
downloaded. Kaleido is asynchronous: the renderer keeps its event loop in a thread of its own, so
that synchronous callers (the CLI, a page) can send it figures chunk after chunk.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import os
import shutil
import threading
from collections.abc import Mapping
from pathlib import Path

import plotly.graph_objects as go

from continuum.problems import Problem, ProblemError

WIDTH = 1000  # CSS pixels, scaled to the 178 mm text block: the grids' cell labels fit on one line
SCALE = 1.6  # sharp on paper; larger images cost PDF writing time
TABS = 2  # render two charts at once on two cores


def browser_path() -> str | None:
    """``BROWSER_PATH`` when set, else Debian's Chromium."""
    for candidate in (os.environ.get("BROWSER_PATH"), "/usr/bin/chromium", shutil.which("chromium")):
        if candidate and Path(candidate).is_file():
            return candidate
    return None


def figure_key(fig: go.Figure) -> str:
    """Identical figures (a shared chart) are rendered once per batch."""
    return hashlib.sha1(fig.to_json().encode()).hexdigest()


class ImageRenderer:
    """``with ImageRenderer() as r: r.render({key: fig})`` — one browser until the block ends."""

    def __init__(self) -> None:
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._kaleido = None
        self._opening = None
        self._cache: dict[str, bytes] = {}

    def __enter__(self) -> ImageRenderer:
        path = browser_path()
        if path is None:
            raise ProblemError([Problem(
                "report-browser-missing", "BROWSER_PATH", "Chromium, which draws the report's charts, was not found.",
                "Install Debian's 'chromium' package, or set BROWSER_PATH to a Chromium executable.")])
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name="kaleido", daemon=True)
        self._thread.start()
        # The browser starts in the background (seconds): the caller reads and scores meanwhile;
        # the first render waits for it.
        self._opening = asyncio.run_coroutine_threadsafe(self._open(path), self._loop)
        return self

    def _ready(self) -> None:
        if self._opening is not None:
            opening, self._opening = self._opening, None
            opening.result()

    def __exit__(self, *exc) -> None:
        try:
            try:
                self._ready()
            except Exception:  # noqa: BLE001 - a browser that failed to start has nothing to close
                pass
            if self._kaleido is not None:
                self._call(self._kaleido.close())
        finally:
            self._kaleido = None
            self._stop_loop()

    async def _open(self, path: str) -> None:
        import kaleido

        browser = kaleido.Kaleido(n=TABS, mathjax=False, path=path, timeout=120)
        try:
            await browser.open()
        except BaseException:
            with contextlib.suppress(Exception):
                await browser.close()
            raise
        self._kaleido = browser

    def _call(self, coroutine):
        return asyncio.run_coroutine_threadsafe(coroutine, self._loop).result()

    def _stop_loop(self) -> None:
        if self._loop is not None:
            self._loop.call_soon_threadsafe(self._loop.stop)
            self._thread.join(timeout=30)
            self._loop.close()
            self._loop = None

    def render(self, figures: Mapping[str, go.Figure]) -> dict[str, bytes]:
        """PNG bytes per key; a figure already drawn in this batch is not drawn again."""
        by_hash = {key: figure_key(fig) for key, fig in figures.items()}
        todo = {h: figures[key] for key, h in by_hash.items() if h not in self._cache}
        if todo:
            self._ready()
            hashes = list(todo)
            images = self._call(self._render_all([todo[h] for h in hashes]))
            self._cache.update(zip(hashes, images))
        return {key: self._cache[h] for key, h in by_hash.items()}

    async def _render_all(self, figures: list[go.Figure]) -> list[bytes]:
        async def one(fig: go.Figure) -> bytes:
            height = int(fig.layout.height or 450)
            return await self._kaleido.calc_fig(fig, opts={"format": "png", "width": WIDTH, "height": height,
                                                           "scale": SCALE})

        return list(await asyncio.gather(*(one(fig) for fig in figures)))

    def forget(self) -> None:
        """Drop images kept for deduplication (between chunks of a long batch)."""
        self._cache.clear()
