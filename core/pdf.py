"""PDFs rendered on the server with WeasyPrint.

Every PDF Waymark produces (NRM prompt sheets, SERAC packs and minutes,
partnership reports) extends ``templates/pdf/base.html``, which carries the
protective marking on every page, page numbers, and print styles. Fonts come
from the machine (Arial where installed, else Liberation Sans or DejaVu Sans);
nothing is fetched from the network while rendering.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils.text import slugify

OFFICIAL_SENSITIVE = "OFFICIAL - SENSITIVE"
OFFICIAL = "OFFICIAL"


def _url_fetcher():
    # PDFs hold personal data: rendering must never reach out to the network.
    # Every image a template needs is inline (a data: URI or inline SVG).
    from weasyprint.urls import URLFetcher

    return URLFetcher(allowed_protocols={"data"})


@dataclass(frozen=True)
class RenderedPdf:
    content: bytes
    filename: str

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.content).hexdigest()


def render_pdf(template_name: str, context: dict, *, filename: str) -> RenderedPdf:
    """Render a template extending ``pdf/base.html`` to PDF bytes.

    The context should give ``title`` (shown in the running header) and may give
    ``marking`` (defaults to OFFICIAL - SENSITIVE).
    """
    # Imported here so that pages which never render a PDF do not load
    # WeasyPrint's font machinery at start-up.
    from weasyprint import HTML

    context = {"marking": OFFICIAL_SENSITIVE, **context}
    html = render_to_string(template_name, context)
    content = HTML(string=html, url_fetcher=_url_fetcher()).write_pdf()
    stem = slugify(filename.removesuffix(".pdf")) or "document"
    return RenderedPdf(content=content, filename=f"{stem}.pdf")


def pdf_response(pdf: RenderedPdf, *, inline: bool = False) -> HttpResponse:
    """An HTTP response carrying the PDF, never cached (the page's no-store applies)."""
    response = HttpResponse(pdf.content, content_type="application/pdf")
    disposition = "inline" if inline else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{pdf.filename}"'
    response["Content-Length"] = str(len(pdf.content))
    return response
