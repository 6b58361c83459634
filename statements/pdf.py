"""A joint statement as a PDF, in either language, made once per version and kept.

The PDF is the statement's printable page (`statements/jointstatement_pdf.html`: the text,
the signatories block as on the signed document, its source and permanent address) set
by WeasyPrint in Debian's DejaVu fonts, which carry Cyrillic. It is kept in the default
file storage under a name made of the statement's slug, its version and a digest of the
page it was made from, so the first request for a version makes it and every later one
reads it; a new version (or a change to its event or signatories, which changes the page)
makes a new file.
"""

import hashlib

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils.translation import get_language
from django.views.generic.detail import BaseDetailView

PDF_FOLDER = "statements/pdf"


def pdf_name(statement, html):
    digest = hashlib.sha256(html.encode()).hexdigest()[:16]
    return f"{PDF_FOLDER}/{statement.slug}-v{statement.version}-{get_language()}-{digest}.pdf"


def statement_html(statement, request):
    url = request.build_absolute_uri(statement.get_absolute_url())
    return render_to_string(
        "statements/jointstatement_pdf.html",
        {"statement": statement, "permanent_url": url},
        request=request,
    )


def statement_pdf(statement, *, request) -> bytes:
    """The statement's PDF in the active language: from storage if made before."""
    html = statement_html(statement, request)
    name = pdf_name(statement, html)
    if default_storage.exists(name):
        with default_storage.open(name, "rb") as kept:
            return kept.read()
    from weasyprint import HTML  # imported on first use: it loads Pango

    pdf = HTML(string=html, base_url=request.build_absolute_uri("/")).write_pdf()
    default_storage.save(name, ContentFile(pdf))
    return pdf


class StatementPdfMixin(BaseDetailView):
    """/statements/<slug>/statement.pdf: the public statement as a PDF (the subclass gives
    the queryset of public statements)."""

    def render_to_response(self, context):
        statement = self.object
        response = HttpResponse(statement_pdf(statement, request=self.request))
        response["Content-Type"] = "application/pdf"
        filename = f"{statement.slug}-{get_language()}.pdf"
        response["Content-Disposition"] = f'inline; filename="{filename}"'
        return response
