"""PDFs carry their protective marking and page numbers on every page."""

import io
import socket

import pytest
from django.template import engines
from pypdf import PdfReader

from core import pdf as pdf_module
from core.pdf import OFFICIAL_SENSITIVE, pdf_response, render_pdf

LONG_DOCUMENT = """{% extends "pdf/base.html" %}{% block content %}
<h1>Minutes of the meeting</h1>
{% for n in rows %}<p>Paragraph {{ n }} of a document that runs over pages.</p>{% endfor %}
{% endblock %}"""


@pytest.fixture
def long_document(monkeypatch):
    template = engines["django"].from_string(LONG_DOCUMENT)

    def fake_render_to_string(name, context):
        return template.render(context)

    monkeypatch.setattr(pdf_module, "render_to_string", fake_render_to_string)


def pages_text(content: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(content)).pages]


def test_every_page_is_marked_and_numbered(long_document):
    rendered = render_pdf("unused.html", {"rows": range(160)}, filename="Minutes May 2026")

    pages = pages_text(rendered.content)
    assert len(pages) > 2
    for number, text in enumerate(pages, start=1):
        assert OFFICIAL_SENSITIVE in text
        assert f"Page {number} of {len(pages)}" in text
        assert "Minutes of the meeting" in text  # the running header names the document
    assert rendered.filename == "minutes-may-2026.pdf"
    assert len(rendered.sha256) == 64


def test_a_template_cannot_fetch_from_the_network(monkeypatch):
    template = engines["django"].from_string(
        '{% extends "pdf/base.html" %}{% block content %}<h1>Sheet</h1>'
        '<img src="http://127.0.0.1:9/tracker.png" alt="">{% endblock %}'
    )
    monkeypatch.setattr(pdf_module, "render_to_string", lambda name, ctx: template.render(ctx))
    connections = []
    real_connect = socket.socket.connect

    def recording_connect(self, address):
        connections.append(address)
        return real_connect(self, address)

    monkeypatch.setattr(socket.socket, "connect", recording_connect)
    rendered = render_pdf("unused.html", {}, filename="sheet")

    # The image is refused before any connection; the document still renders.
    assert connections == []
    assert "Sheet" in pages_text(rendered.content)[0]


def test_the_response_is_an_attachment(long_document):
    rendered = render_pdf("unused.html", {"rows": range(3)}, filename="Action log")
    response = pdf_response(rendered)
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="action-log.pdf"'
    assert response.content.startswith(b"%PDF-")
