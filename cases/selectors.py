"""Everything that reads cases and concerns, filtered by what the user may see."""

from django.contrib.auth.models import Permission
from django.contrib.postgres.search import TrigramSimilarity
from django.db.models import F, Q, QuerySet, Subquery, Value
from django.db.models.functions import Concat, Lower
from django.http import Http404

from accounts.selectors import user_group_ids
from cases.models import (
    AccessLogEntry,
    Case,
    CaseGroupObjectPermission,
    CasePerson,
    CaseShare,
    Concern,
    ConcernStatus,
    Person,
)
from cases.permissions import can_triage, is_lead
from cases.person_merge import is_exact_match
from core.choices import YesNoUnknown

# Names at least this similar (pg_trgm similarity, 0-1) count as a match.
NAME_SIMILARITY_THRESHOLD = 0.35


def _view_case_permission() -> Subquery:
    # A subquery, not a number kept in the process: permission rows are made
    # again (with new ids) when a database is flushed. PostgreSQL runs it once.
    return Subquery(
        Permission.objects.filter(content_type__app_label="cases", codename="view_case").values(
            "pk"
        )[:1]
    )


def visible_case_ids(*, user) -> QuerySet:
    """The ids of the cases shared with the user's agency (as a subquery).

    Access is given to an agency's group (cases.services.sharing). The user's
    group ids are written into the query as numbers: PostgreSQL then sees how
    many permission rows they match and joins them by hash, where a join to
    the user's groups made it guess a handful and probe each case (85 ms for
    the NRM tracker's counts at 100,000 cases, against 17 ms)."""
    return CaseGroupObjectPermission.objects.filter(
        group_id__in=user_group_ids(user), permission_id=_view_case_permission()
    ).values("content_object_id")


def visible_to(queryset: QuerySet, *, user, field: str = "case_id") -> QuerySet:
    """``queryset`` (rows of cases: steps, episodes, actions) narrowed to the
    cases ``user`` may see, by its ``field`` holding the case's id: straight
    against the agency's permission rows, without a detour through the cases."""
    if not user.is_authenticated:
        return queryset.none()
    if is_lead(user):
        return queryset
    if not getattr(user, "agency_id", None):
        return queryset.none()
    return queryset.filter(**{f"{field}__in": visible_case_ids(user=user)})


def case_list_visible_to(*, user) -> QuerySet[Case]:
    """Every case ``user`` may see, as a queryset to filter further."""
    if not user.is_authenticated:
        return Case.objects.none()
    if is_lead(user):
        return Case.objects.all()
    if not getattr(user, "agency_id", None):
        return Case.objects.none()
    # One subquery composed into the list query: never a check per row.
    return Case.objects.filter(pk__in=visible_case_ids(user=user))


def user_may_see_case(*, user, case: Case) -> bool:
    """The same rule as ``case_list_visible_to``, asked of one case (its
    permission rows only, by index)."""
    if not user.is_authenticated:
        return False
    if is_lead(user):
        return True
    if not getattr(user, "agency_id", None):
        return False
    return CaseGroupObjectPermission.objects.filter(
        content_object=case,
        group_id__in=user_group_ids(user),
        permission_id=_view_case_permission(),
    ).exists()


def case_get_for_user(*, user, reference: str) -> Case:
    """The case, or 404 when it does not exist or the user may not see it."""
    case = Case.objects.select_related("raised_by_agency").filter(reference=reference).first()
    if case is None or not user_may_see_case(user=user, case=case):
        raise Http404("No case found")
    return case


def _person_search_name():
    # The same expression as the person_full_name_trgm index, so the planner uses it.
    return Lower(Concat("first_name", Value(" "), "last_name"))


def people_matching_name(text: str) -> QuerySet[Person]:
    """People whose name is like ``text``, or who are known by it as an alias.

    Two trigram tests, both answered from the name index: the whole name is
    similar (``%``, then our own threshold), or one of its words is
    (``%>``: "nowak" finds "Tomasz Nowak"). Aliases are matched as text.
    """
    lowered = text.strip().lower()
    by_name = (
        Person.objects.alias(search_name=_person_search_name())
        .filter(
            Q(search_name__trigram_similar=lowered) | Q(search_name__trigram_word_similar=lowered)
        )
        .alias(name_similarity=TrigramSimilarity(_person_search_name(), lowered))
        .filter(
            Q(name_similarity__gte=NAME_SIMILARITY_THRESHOLD)
            | Q(search_name__trigram_word_similar=lowered)
        )
    )
    # Few people have aliases: the person_with_aliases partial index keeps
    # this from reading every person.
    by_alias = Person.objects.exclude(aliases=[]).filter(aliases__icontains=text.strip())
    return by_name.order_by().union(by_alias.order_by())


def case_search(queryset: QuerySet[Case], text: str) -> QuerySet[Case]:
    """Filter by (part of) a reference, or by a person's name with fuzzy matching."""
    text = text.strip()
    if not text:
        return queryset
    # Names have no digits and references always do ("MS-2025-00042", "00042"):
    # a name search never reads every reference, and the name index answers it.
    if any(character.isdigit() for character in text):
        return queryset.filter(reference__icontains=text)
    # The matching cases are found by the name index and joined to the list as
    # a subquery: the view reads the matching, visible ids once (see case_list).
    people = people_matching_name(text).values("pk")
    return queryset.filter(pk__in=CasePerson.objects.filter(person_id__in=people).values("case_id"))


def case_people_links(*, case: Case) -> list[CasePerson]:
    """The case's people (with their children), read once per request: the case
    page and the panels the apps above put on it all use this list."""
    cached = getattr(case, "_people_links", None)
    if cached is None:
        cached = case._people_links = list(
            case.case_people.select_related("person")
            .prefetch_related("person__children")
            .order_by("pk")
        )
    return cached


def case_active_shares(*, case: Case) -> list[CaseShare]:
    """Read once per request (the page shows the shares and the agencies)."""
    cached = getattr(case, "_active_shares", None)
    if cached is None:
        cached = case._active_shares = list(
            case.shares.filter(revoked_at__isnull=True).select_related("agency", "shared_by")
        )
    return cached


def case_agencies_with_access(*, case: Case):
    seen = {}
    for share in case_active_shares(case=case):
        seen.setdefault(share.agency.pk, share.agency)
    return sorted(seen.values(), key=lambda agency: agency.name)


def case_access_log_for(*, user, case: Case, limit: int = 50) -> list[AccessLogEntry]:
    """'Who has looked at this case': the Lead only."""
    if not is_lead(user):
        return []
    return list(AccessLogEntry.objects.filter(case=case).select_related("user", "agency")[:limit])


def concern_triage_queue(*, user) -> QuerySet[Concern]:
    """Concerns waiting for the Lead: those saying someone is in immediate
    danger first (a long queue is paged, and they must not wait on page 3),
    then oldest first."""
    if not can_triage(user):
        return Concern.objects.none()
    return (
        Concern.objects.filter(status=ConcernStatus.AWAITING_TRIAGE)
        .select_related("reporting_agency", "reported_by")
        .prefetch_related("people", "exploitation_types")
        .alias(in_danger=Q(is_emergency=YesNoUnknown.YES))
        .order_by(F("in_danger").desc(), "submitted_at", "pk")
    )


def concern_get_for_user(*, user, reference: str) -> Concern:
    """A concern: the Lead sees every submitted one; a reporter sees their own."""
    queryset = Concern.objects.select_related("reporting_agency", "reported_by", "case")
    if can_triage(user):
        queryset = queryset.exclude(status=ConcernStatus.DRAFT) | queryset.filter(reported_by=user)
    elif user.is_authenticated:
        queryset = queryset.filter(reported_by=user)
    else:
        queryset = queryset.none()
    try:
        return queryset.get(reference=reference)
    except Concern.DoesNotExist:
        raise Http404("No concern found") from None


def person_possible_duplicates(*, person: Person, limit: int = 5) -> list[Person]:
    """People already known who may be this person: a similar name (trigram),
    or the same date of birth with a similar name, the same name and date of
    birth first. For the Lead at triage."""
    name = person.full_name.lower().strip()
    if not name:
        return []
    full_name = Lower(Concat("first_name", Value(" "), "last_name"))
    candidates = (
        Person.objects.exclude(pk=person.pk)
        .filter(cases__isnull=False)
        .annotate(name_similarity=TrigramSimilarity(full_name, name))
        .filter(
            Q(name_similarity__gte=NAME_SIMILARITY_THRESHOLD)
            | Q(date_of_birth=person.date_of_birth, name_similarity__gte=0.2)
            if person.date_of_birth
            else Q(name_similarity__gte=NAME_SIMILARITY_THRESHOLD)
        )
        .order_by("-name_similarity", "pk")
        .distinct()
        .prefetch_related("cases")
    )
    found = list(candidates[:limit])
    # The same name and date of birth is the likeliest match: shown first.
    return sorted(found, key=lambda candidate: not is_exact_match(person, candidate))


def concern_possible_duplicate_cases(*, concern: Concern, limit: int = 5) -> list[Case]:
    """Open or closed cases at the same place (same ward and premises, or a
    similar description) as the concern."""
    conditions = Q()
    if concern.location_description.strip():
        conditions |= Q(
            locations__description__trigram_similar=concern.location_description.strip()
        )
    if concern.ward and concern.premises_type != "unknown":
        conditions |= Q(locations__ward__iexact=concern.ward) & Q(
            locations__premises_type=concern.premises_type
        )
    if not conditions:
        return []
    return list(Case.objects.filter(conditions).distinct().order_by("-date_reported")[:limit])


def _counted(count: int, one: str, many: str) -> str:
    return one if count == 1 else many


def dashboard_summary(*, user) -> list[dict]:
    """Counts for the home page: what is waiting for this user, each with a
    label that agrees with its number ("1 open case", "2 open cases")."""
    items = []
    if can_triage(user):
        waiting = Concern.objects.filter(status=ConcernStatus.AWAITING_TRIAGE).count()
        items.append(
            {
                "count": waiting,
                "label": _counted(
                    waiting, "concern waiting for triage", "concerns waiting for triage"
                ),
                "url": "cases:triage_queue",
            }
        )
    if is_lead(user) or getattr(user, "agency_id", None):
        open_cases = case_list_visible_to(user=user).filter(status="open").count()
        items.append(
            {
                "count": open_cases,
                "label": _counted(open_cases, "open case you can see", "open cases you can see"),
                "url": "cases:case_list",
            }
        )
    if getattr(user, "agency_id", None):
        drafts = Concern.objects.filter(reported_by=user, status=ConcernStatus.DRAFT).count()
        if drafts:
            items.append(
                {
                    "count": drafts,
                    "label": _counted(
                        drafts, "of your concerns is a draft", "of your concerns are drafts"
                    ),
                    "url": "cases:concern_list_mine",
                }
            )
    return items
