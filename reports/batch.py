"""Reports for a whole campaign in one pass: score once, draw every chart in one browser, lay out each PDF.

Documents are built and drawn in chunks, so that memory stays flat on a campaign of hundreds
of establishments, while the one Chromium stays open from the first chart to the last.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
import os
import threading
from concurrent.futures import ProcessPoolExecutor
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine

from reports.data import CampaignData, load_campaign
from reports.document import Document
from reports.figures import print_figure
from reports.images import ImageRenderer
from reports.individual import Shared, establishment_document
from reports.regional import regional_document, regions_of
from reports.render import html_of, pdf_of
from storage.scope import Scope

CHUNK = 10
WORKERS = max(1, min(2, os.cpu_count() or 1))
Progress = Callable[[int, int, str], None]


@dataclass
class Rendered:
    name: str  # file stem
    kind: str
    html: str
    pdf: bytes | None


def draw(docs: list[Document], renderer: ImageRenderer) -> None:
    """Fill every figure's image, drawn as made for paper; figures shared between documents are drawn once."""
    figures = {f"{i}/{key}": print_figure(fig.figure, doc.lang)
               for i, doc in enumerate(docs) for key, fig in doc.figures.items()}
    images = renderer.render(figures)
    for i, doc in enumerate(docs):
        for key, fig in doc.figures.items():
            fig.image = images[f"{i}/{key}"]


def chunks(total: int) -> list[range]:
    """A small first chunk, so that PDF layout starts while the browser draws the rest; then CHUNK at a time."""
    first = min(total, WORKERS)
    return [range(0, first)] + [range(s, min(s + CHUNK, total)) for s in range(first, total, CHUNK)]


def render_all(builders: list[Callable[[], Document]], *, pdf: bool = True, progress: Progress | None = None,
               renderer: ImageRenderer | None = None,
               pool: ProcessPoolExecutor | None = None) -> Iterator[Rendered]:
    """Build, draw and lay out documents chunk by chunk, in one browser session, in order.

    In a batch, PDF layout runs in worker processes while the browser draws the next chunk. A caller that
    passes its own ``renderer`` and ``pool`` (started before it read the campaign) keeps them.
    """
    total = len(builders)
    own = renderer is None
    own_pool = pool is None and pdf and total > 1
    pool = _pool() if own_pool else (pool if pdf else None)
    renderer = renderer or ImageRenderer()
    if own:
        renderer.__enter__()
    try:
        done = 0
        previous: list = []
        for part in [*chunks(total), None]:
            current = []
            if part is not None:
                docs = [builders[k]() for k in part]
                draw(docs, renderer)
                renderer.forget()
                for doc in docs:
                    html = html_of(doc)
                    current.append((doc, html, pool.submit(pdf_of, html) if pool else None))
            for doc, html, job in previous:  # laid out while this chunk was drawn
                yield Rendered(doc.name, doc.kind, html, job.result() if job else (pdf_of(html) if pdf else None))
                done += 1
                if progress:
                    progress(done, total, doc.context.get("name", doc.name))
            previous = current
    finally:
        if own_pool:
            pool.shutdown(cancel_futures=True)
        if own:
            renderer.__exit__(None, None, None)


def _warm() -> None:
    import weasyprint  # noqa: F401 - a worker imports the layout engine while the browser starts


def _pool() -> ProcessPoolExecutor:
    """Layout workers, started at once so that they are ready when the first chunk is drawn.

    A process with no other thread yet (the CLI, before its browser starts) forks them: they inherit WeasyPrint
    already imported, which saves each worker seconds of imports. Otherwise (a page of the app, or once the
    browser's thread runs) they start clean ('spawn'): a thread must never be forked.
    """
    if threading.active_count() == 1 and "fork" in multiprocessing.get_all_start_methods():
        _warm()
        context = multiprocessing.get_context("fork")
    else:
        context = multiprocessing.get_context("spawn")
    pool = ProcessPoolExecutor(max_workers=WORKERS, mp_context=context)
    for _ in range(WORKERS):
        pool.submit(_warm)
    return pool


def campaign_builders(data: CampaignData, lang: str, *, establishments: Iterable[str] | None = None,
                      regional: bool = True, today: dt.date | None = None) -> list[Callable[[], Document]]:
    """One builder per establishment with a response (or those given), then one per region."""
    shared = Shared.of(data, lang, today=today)
    finesses = list(establishments) if establishments is not None else sorted(
        data.current()["establishment"].astype(str).unique())
    builders: list[Callable[[], Document]] = [lambda f=f: establishment_document(shared, f) for f in finesses]
    if regional:
        builders += [lambda r=r: regional_document(shared, r) for r in regions_of(data)]
    return builders


def write_campaign(engine: Engine, scope: Scope, campaign_id: str, folder: Path, *, lang: str = "fr",
                   establishments: Iterable[str] | None = None, regional: bool = True,
                   progress: Progress | None = None, today: dt.date | None = None) -> list[Path]:
    """Every establishment's PDF (or those given) and the regional reports into ``folder``; the files written.

    The browser and the layout workers start first, so that they get ready while the campaign is read and scored.
    """
    written = []
    pool = _pool()
    try:
        with ImageRenderer() as renderer:
            data = load_campaign(engine, scope, campaign_id)
            folder.mkdir(parents=True, exist_ok=True)
            builders = campaign_builders(data, lang, establishments=establishments, regional=regional, today=today)
            for report in render_all(builders, progress=progress, renderer=renderer, pool=pool):
                path = folder / f"{report.name}.pdf"
                path.write_bytes(report.pdf)
                written.append(path)
    finally:
        pool.shutdown(cancel_futures=True)
    return written


def establishment_report(engine: Engine, scope: Scope, campaign_id: str, finess: str, *, lang: str = "fr",
                         data: CampaignData | None = None, peers=None, pdf: bool = True,
                         today: dt.date | None = None) -> Rendered:
    """One establishment's report (HTML, and PDF unless ``pdf`` is False)."""
    data = data or load_campaign(engine, scope, campaign_id)
    shared = Shared.of(data, lang, peers=peers, today=today)
    doc = establishment_document(shared, finess)  # before the browser starts: an unknown FINESS fails fast
    return next(render_all([lambda: doc], pdf=pdf))


def regional_report(data: CampaignData, region: str | None, *, lang: str = "fr", pdf: bool = True,
                    today: dt.date | None = None) -> Rendered:
    shared = Shared.of(data, lang, today=today)
    return next(render_all([lambda: regional_document(shared, region)], pdf=pdf))

