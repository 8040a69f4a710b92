"""The case list, search and CSV export."""

import csv

from django.contrib.postgres.expressions import ArraySubquery
from django.core.paginator import Paginator
from django.db.models import OuterRef, Prefetch, Value
from django.db.models.functions import Concat, Trim
from django.http import Http404, StreamingHttpResponse
from django.shortcuts import render
from django.urls import path
from django.utils import timezone

from cases.forms.cases import CaseFilterForm
from cases.models import AccessAction, Case, CasePerson, CaseShare
from cases.permissions import can_export_cases, is_lead
from cases.selectors import case_list_visible_to, case_search
from cases.services.common import access_log_record, access_log_record_many

PAGE_SIZE = 25


def _filtered_cases(request):
    form = CaseFilterForm(request.GET or None)
    cases = case_list_visible_to(user=request.user)
    if form.is_valid():
        data = form.cleaned_data
        if data["status"]:
            cases = cases.filter(status=data["status"])
        if data["risk"]:
            cases = cases.filter(risk_level=data["risk"])
        if data["exploitation_type"]:
            cases = cases.filter(exploitation_types=data["exploitation_type"])
        if data["agency"]:
            cases = cases.filter(
                shares__agency=data["agency"], shares__revoked_at__isnull=True
            ).distinct()
        cases = case_search(cases, data["q"])
    return form, cases


def _with_list_columns(cases):
    # Fixed number of queries per page, whatever the page size.
    return cases.prefetch_related(
        "exploitation_types",
        Prefetch("case_people", queryset=CasePerson.objects.select_related("person")),
        Prefetch(
            "shares",
            queryset=CaseShare.objects.filter(revoked_at__isnull=True).select_related("agency"),
            to_attr="active_shares",
        ),
    )


def _page_columns(cases):
    """The page's people, exploitation types and agencies as arrays in the
    page's own query: no query per column (nor per row)."""
    return cases.annotate(
        list_people=ArraySubquery(
            CasePerson.objects.filter(case=OuterRef("pk"))
            .order_by("pk")
            .values(name=Trim(Concat("person__first_name", Value(" "), "person__last_name")))
        ),
        list_types=ArraySubquery(
            Case.exploitation_types.through.objects.filter(case=OuterRef("pk"))
            .order_by("exploitationtype__order", "exploitationtype__name")
            .values("exploitationtype__name")
        ),
        list_agencies=ArraySubquery(
            CaseShare.objects.filter(case=OuterRef("pk"), revoked_at__isnull=True)
            .order_by("agency__name")
            .values("agency__name")
            .distinct()
        ),
    )


def case_list(request):
    if not (is_lead(request.user) or request.user.agency_id):
        raise Http404
    form, cases = _filtered_cases(request)
    cases = cases.order_by("-date_reported", "-reference")
    searched = form.is_valid() and form.cleaned_data["q"]
    if searched:
        # The match and the visibility filter run once, in one query of ids;
        # the count is its length and the page reads its 25 cases by id.
        ids = list(cases.values_list("pk", flat=True))
        page = Paginator(ids, PAGE_SIZE).get_page(request.GET.get("page"))
        by_id = {
            case.pk: case for case in _page_columns(Case.objects.filter(pk__in=page.object_list))
        }
        page.object_list = [by_id[pk] for pk in page.object_list]
    else:
        page = Paginator(cases, PAGE_SIZE).get_page(request.GET.get("page"))
        # The page's ids first (a subquery): otherwise PostgreSQL would work out
        # the columns of every row the offset skips.
        page.object_list = list(
            _page_columns(Case.objects.filter(pk__in=page.object_list.values("pk"))).order_by(
                "-date_reported", "-reference"
            )
        )
    if searched:
        access_log_record(
            user=request.user,
            action=AccessAction.SEARCH,
            request=request,
            detail=f"Searched for: {form.cleaned_data['q']}",
        )
    # The names on the page are personal data: one row per case shown.
    access_log_record_many(
        user=request.user,
        action=AccessAction.VIEW_LIST,
        request=request,
        cases=page.object_list,
        detail="Case list",
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "cases/case_list.html",
        {
            "form": form,
            "page": page,
            "query_string": query.urlencode(),
            "can_export": can_export_cases(request.user),
        },
    )


class _Echo:
    def write(self, value):
        return value


# A cell starting with one of these is a formula to a spreadsheet program.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value) -> str:
    """Neutralise spreadsheet formula injection by prefixing a quote."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_PREFIXES) else text


EXPORT_COLUMNS = [
    "reference",
    "date_reported",
    "status",
    "risk",
    "referring_agency_type",
    "referring_agency",
    "exploitation_types",
    "people",
    "agencies_with_access",
    "outcomes",
    "closed_on",
]


def _export_row(case):
    return [
        case.reference,
        case.date_reported.isoformat(),
        case.get_status_display(),
        case.get_risk_level_display(),
        case.get_referring_agency_type_display(),
        case.referring_agency_name,
        "; ".join(t.name for t in case.exploitation_types.all()),
        "; ".join(str(link.person) for link in case.case_people.all()),
        "; ".join(sorted({share.agency.name for share in case.active_shares})),
        "; ".join(case.outcomes),
        case.closed_on.isoformat() if case.closed_on else "",
    ]


def case_export(request):
    """CSV of the filtered list, for the Modern Slavery Lead; logged."""
    if not can_export_cases(request.user):
        raise Http404
    form, cases = _filtered_cases(request)
    cases = _with_list_columns(cases.order_by("-date_reported", "-reference"))
    detail = f"Exported cases with filters: {request.GET.urlencode()}"[:500]
    access_log_record(user=request.user, action=AccessAction.EXPORT, request=request, detail=detail)
    # Written before the file is sent: one row per case in it, in bulk.
    access_log_record_many(
        user=request.user,
        action=AccessAction.EXPORT,
        request=request,
        cases=cases.values_list("pk", flat=True),
        detail="Exported in a CSV file",
    )
    writer = csv.writer(_Echo())

    def rows():
        yield writer.writerow(EXPORT_COLUMNS)
        for case in cases.iterator(chunk_size=500):
            yield writer.writerow([spreadsheet_safe(cell) for cell in _export_row(case)])

    filename = f"waymark-cases-{timezone.localdate():%Y-%m-%d}.csv"
    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


urlpatterns = [
    path("", case_list, name="case_list"),
    path("export.csv", case_export, name="case_export"),
]
