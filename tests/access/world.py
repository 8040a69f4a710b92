"""A fixture world with a real object behind every route parameter.

Built once per module (see ``test_permission_matrix.world``), inside a
transaction rolled back at the end. ``PERSONAS`` are the people the matrix
asks about; ``kwargs_for(route)`` fills a route's URL parameters.
"""

import datetime
import uuid
from dataclasses import dataclass, field

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from accounts.models import AgencyType
from accounts.roles import Role
from cases.models import CaseNote, CasePerpetrator, DependentChild, Perpetrator
from cases.services.documents import document_upload
from tests.factories import (
    AgencyFactory,
    CaseFactory,
    ConcernFactory,
    PersonFactory,
    UserFactory,
)

#: A reference no record has: "missing" is compared with "hidden".
MISSING = {"reference": "MS-2099-99999", "int": 999999, "uuid": uuid.UUID(int=7)}

PDF_BYTES = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


@dataclass
class World:
    users: dict = field(default_factory=dict)
    objects: dict = field(default_factory=dict)

    def __getattr__(self, name):
        try:
            return self.__dict__["objects"][name]
        except KeyError:
            raise AttributeError(name) from None


def build_world() -> World:
    from directory.models import SupportService
    from directory.services import ensure_directory_services
    from pathways.services import pathway_start
    from referrals.models import ServiceReferral
    from referrals.services import nrm_episode_start
    from reporting.models import (
        ActionPlanItem,
        Ambassador,
        AwarenessEvent,
        CaseStudy,
        TrainingFeedbackAnswer,
        TrainingSession,
    )
    from serac.models import (
        EmergingThreat,
        MeetingStatus,
        ResearchReturn,
        SeracMinutes,
    )
    from serac.services import agenda_add, meeting_circulate, referral_create
    from tests.reporting.factories import ReportRunFactory
    from tests.serac.factories import (
        AgendaItemFactory,
        SeracActionFactory,
        SeracMeetingFactory,
    )

    w = World()
    police = AgencyFactory(
        name="Matrix Police", agency_type=AgencyType.POLICE, is_first_responder=True
    )
    council = AgencyFactory(
        name="Matrix Council", agency_type=AgencyType.LOCAL_AUTHORITY, is_first_responder=True
    )
    nhs = AgencyFactory(name="Matrix NHS", agency_type=AgencyType.NHS)
    asc = AgencyFactory(name="Matrix Adult Social Care", agency_type=AgencyType.LOCAL_AUTHORITY)
    charity = AgencyFactory(name="Matrix Charity", agency_type=AgencyType.VOLUNTARY)
    elsewhere = AgencyFactory(name="Matrix Elsewhere", agency_type=AgencyType.OTHER)

    def user(name, agency, *roles):
        return UserFactory(username=f"mx.{name}", agency=agency, roles=list(roles))

    w.users = {
        "signed_out": None,
        "frontline_worker": user("worker", police, Role.FRONTLINE_WORKER),
        "agency_lead": user("agencylead", police, Role.AGENCY_LEAD),
        "ambassador": user("ambassador", police, Role.AMBASSADOR),
        "lead": user("lead", council, Role.MODERN_SLAVERY_LEAD),
        "serac_chair": user("chair", council, Role.SERAC_CHAIR),
        "serac_member": user("member", nhs, Role.FRONTLINE_WORKER, Role.SERAC_MEMBER),
        "board_member": user("board", None, Role.BOARD_MEMBER),
        "administrator": user("admin", None, Role.ADMINISTRATOR),
        "unrelated_worker": user("unrelated", charity, Role.FRONTLINE_WORKER),
        "serac_member_after_window": user(
            "member.after", asc, Role.FRONTLINE_WORKER, Role.SERAC_MEMBER
        ),
    }
    u = w.users
    o = w.objects
    ensure_directory_services()

    # The police's case, worked in every way.
    person = PersonFactory(first_name="Ana", last_name="Matrix")
    case = CaseFactory(raised_by=police, survivors=[person])
    o["case"] = case
    o["link"] = case.case_people.get()
    o["child"] = DependentChild.objects.create(person=person, age=4)
    perpetrator = Perpetrator.objects.create(first_name="Viktor", last_name="Matrixhale")
    CasePerpetrator.objects.create(case=case, perpetrator=perpetrator)
    o["note"] = CaseNote.objects.create(
        case=case, author=u["frontline_worker"], agency=police, text="Visited."
    )
    o["document"] = document_upload(
        actor=u["frontline_worker"],
        case=case,
        uploaded_file=SimpleUploadedFile("consent.pdf", PDF_BYTES, "application/pdf"),
        description="Consent form",
    )
    o["share"] = case.shares.get(agency=police)
    o["case_pathway"] = pathway_start(actor=u["lead"], case=case, pathway_key="housing")
    o["episode"] = nrm_episode_start(actor=u["frontline_worker"], case=case, person=person)
    o["service_referral"] = ServiceReferral.objects.create(
        case=case,
        person=person,
        service=SupportService.objects.order_by("pk").first(),
        sent_on=timezone.localdate(),
        sent_by=u["frontline_worker"],
    )
    o["referral"] = referral_create(
        actor=u["frontline_worker"],
        case=case,
        criteria_high_risk=True,
        summary="High risk",
        consent_given=True,
    )

    # A case no persona's agency raised: seen through SERAC only.
    serac_case = CaseFactory(raised_by=elsewhere, survivors=[PersonFactory(last_name="Serac")])
    o["serac_case"] = serac_case
    meeting = SeracMeetingFactory(chair=u["serac_chair"], members=[police, nhs])
    o["item"] = agenda_add(
        actor=u["serac_chair"], meeting=meeting, case=serac_case, summary="Listed case."
    )
    meeting_circulate(actor=u["serac_chair"], meeting=meeting)
    meeting.refresh_from_db()
    o["meeting"] = meeting
    ResearchReturn.objects.create(
        item=o["item"], agency=nhs, facts="Seen at A&E.", written_by=u["serac_member"]
    )
    o["threat"] = EmergingThreat.objects.create(
        meeting=meeting,
        kind="business",
        title="A car wash",
        summary="Workers sleep on site.",
        raised_by=u["serac_chair"],
    )

    # A meeting held 30 days ago: its window has closed.
    held_at = timezone.now() - datetime.timedelta(days=30)
    past = SeracMeetingFactory(
        chair=u["serac_chair"],
        members=[asc],
        starts_at=held_at,
        circulated_at=held_at - datetime.timedelta(days=5),
        status=MeetingStatus.HELD,
    )
    o["past_meeting"] = past
    past_item = AgendaItemFactory(meeting=past, case=serac_case, summary="Heard before.")
    SeracMinutes.objects.create(
        meeting=past,
        text=f"1. {serac_case.reference}\nDiscussed.",
        approved_by=u["serac_chair"],
        approved_at=held_at,
    )
    o["action"] = SeracActionFactory(
        meeting=past,
        item=past_item,
        case=serac_case,
        owner_agency=asc,
        created_by=u["serac_chair"],
        description="Offer a GP appointment.",
    )

    # Concerns: one sent and waiting for triage, one still a draft.
    o["concern"] = ConcernFactory(
        reported_by=u["frontline_worker"], reporting_agency=police, people=[PersonFactory()]
    )
    o["draft"] = ConcernFactory(
        reported_by=u["frontline_worker"], reporting_agency=police, status="draft"
    )

    # Reports and the records behind them.
    o["run"] = ReportRunFactory()
    today = timezone.localdate()
    session = TrainingSession.objects.create(
        delivered_on=today,
        topics="Spotting the signs",
        audience_type="council",
        minutes=60,
        attendees=12,
    )
    o["training"] = session
    o["feedback"] = TrainingFeedbackAnswer.objects.create(
        session=session, question="useful", answer="Yes", responses=5
    )
    o["plan_item"] = ActionPlanItem.objects.create(year="2026-27", strand="pursue", goal="Disrupt")
    o["ambassador_record"] = Ambassador.objects.create(
        name="Sam Ambassador", agency=police, trained_on=today
    )
    o["event"] = AwarenessEvent.objects.create(
        name="Awareness day", held_on=today, kind="awareness_day", attendees=40
    )
    o["case_study"] = CaseStudy.objects.create(
        case=case, year="2026-27", title="A way out", text="Story.", written_by=u["lead"]
    )
    o["support_service"] = SupportService.objects.order_by("pk").first()

    # Governance and account records waiting for a Lead.
    _governance_world(w, police=police, charity=charity, elsewhere=elsewhere)
    return w


def _governance_world(w: World, *, police, charity, elsewhere) -> None:
    """A proposed role, a concern whose person may already be known, an ISA
    with its document, a share waiting for approval, and a closed case due
    for retention review (raised by an agency no persona belongs to)."""
    from accounts.services import role_grant_propose
    from cases.services.cases import case_close
    from governance.models import Disclosure, DisclosureStatus
    from governance.services import agreement_add, retention_find_due
    from governance.services.disclosures import agency_share_request

    u = w.users
    o = w.objects
    today = timezone.localdate()

    # An administrator proposes a role for someone who is no persona: every
    # Lead persona is neither its subject nor its proposer.
    candidate = UserFactory(username="mx.candidate", agency=police, roles=[Role.FRONTLINE_WORKER])
    o["role_grant"] = role_grant_propose(
        actor=u["administrator"], user=candidate, role=Role.SERAC_CHAIR
    )

    # A concern waiting for triage whose person shares a name with the case's survivor.
    o["match_concern"] = ConcernFactory(
        reported_by=u["frontline_worker"],
        reporting_agency=police,
        people=[PersonFactory(first_name="Ana", last_name="Matrix")],
    )
    o["match_person"] = o["match_concern"].people.get()
    o["known_person"] = o["link"].person

    o["agreement"] = agreement_add(
        actor=u["lead"],
        agency=charity,
        signed_on=today - datetime.timedelta(days=30),
        expires_on=today + datetime.timedelta(days=700),
        signatory="Chief Executive",
        uploaded_file=SimpleUploadedFile("isa.pdf", PDF_BYTES, "application/pdf"),
    )

    # The police's safeguarding lead shares without consent: it waits for the Lead.
    agency_share_request(
        actor=u["agency_lead"],
        case=o["case"],
        agency=charity,
        reason="Support worker",
        lawful_basis="safeguarding",
        basis_reason="Risk of harm",
    )
    o["disclosure"] = Disclosure.objects.get(status=DisclosureStatus.AWAITING_APPROVAL)

    # A share made on consent that is then withdrawn: listed for the Lead's
    # review. With an agency no persona belongs to, so no persona's access changes.
    from governance.services import consent_record

    def consent(decision):
        for link in o["case"].case_people.all():
            consent_record(
                actor=u["lead"],
                case=o["case"],
                person=link.person,
                decision=decision,
                scope="agencies",
                agencies=[elsewhere],
                method="written",
                decided_on=today,
            )

    consent("given")
    agency_share_request(actor=u["lead"], case=o["case"], agency=elsewhere, reason="Support")
    consent("withdrawn")
    o["withdrawn_disclosure"] = Disclosure.objects.get(consent_withdrawn_on__isnull=False)

    closed_on = today.replace(year=today.year - 7)
    old_case = CaseFactory(
        raised_by=elsewhere,
        date_reported=closed_on - datetime.timedelta(days=60),
        survivors=[PersonFactory(last_name="Retained")],
    )
    case_close(
        actor=u["lead"],
        case=old_case,
        outcomes=["nrm_referral"],
        note="Moved away",
        closed_on=closed_on,
    )
    retention_find_due()
    o["retention_case"] = old_case


def kwargs_for(route: str, w: World) -> dict:
    """The URL parameters of ``route``, each a real object of the world."""
    o = w.objects
    case = o["case"].reference
    meeting = o["meeting"].pk
    by_route = {
        "accounts:password_reset_confirm": {"uidb64": "MQ", "token": "set-password"},
        "cases:triage_concern": {"reference": o["concern"].reference},
        "cases:concern_detail": {"reference": o["concern"].reference},
        "cases:concern_check": {"reference": o["draft"].reference},
        "cases:concern_step": {"reference": o["draft"].reference, "step": "people"},
        "cases:document_download": {"reference": case, "storage_name": o["document"].storage_name},
        "cases:note_correct": {"reference": case, "note_id": o["note"].pk},
        "cases:person_edit": {"reference": case, "person_id": o["link"].pk},
        "cases:child_add": {"reference": case, "person_id": o["link"].pk},
        "cases:child_remove": {
            "reference": case,
            "person_id": o["link"].pk,
            "child_id": o["child"].pk,
        },
        "cases:case_share_end": {"reference": case, "share_id": o["share"].pk},
        "directory:service_edit": {"pk": o["support_service"].pk},
        "pathways:case_pathway_step": {"reference": case, "pathway_key": "housing"},
        "pathways:protocol_pathway": {"key": "housing"},
        "referrals:episode_detail": {"reference": case, "pk": o["episode"].pk},
        "referrals:episode_step": {"reference": case, "pk": o["episode"].pk, "step": "consent"},
        "referrals:prompt_sheet": {"reference": case, "link_id": o["link"].pk},
        "referrals:service_referral_update": {"reference": case, "pk": o["service_referral"].pk},
        "serac:referral_detail": {"pk": o["referral"].pk},
        "serac:agenda_item_move": {"pk": meeting, "item_pk": o["item"].pk},
        "serac:agenda_item_remove": {"pk": meeting, "item_pk": o["item"].pk},
        "serac:research_edit": {"pk": meeting, "item_pk": o["item"].pk},
        "serac:item_discussion": {"pk": meeting, "item_pk": o["item"].pk},
        "serac:item_action_add": {"pk": meeting, "item_pk": o["item"].pk},
        "serac:action_update": {"pk": o["action"].pk},
        "serac:threat_edit": {"pk": meeting, "threat_pk": o["threat"].pk},
        "reporting:run_detail": {"public_id": o["run"].public_id},
        "reporting:run_download": {"public_id": o["run"].public_id},
        "reporting:run_retry": {"public_id": o["run"].public_id},
        "reporting:training_edit": {"pk": o["training"].pk},
        "reporting:training_feedback": {"pk": o["training"].pk},
        "reporting:training_feedback_remove": {
            "pk": o["training"].pk,
            "answer_pk": o["feedback"].pk,
        },
        "reporting:plan_edit": {"pk": o["plan_item"].pk},
        "reporting:ambassador_edit": {"pk": o["ambassador_record"].pk},
        "reporting:ambassador_activity_add": {"pk": o["ambassador_record"].pk},
        "reporting:event_edit": {"pk": o["event"].pk},
        "reporting:case_study_detail": {"pk": o["case_study"].pk},
        "reporting:case_study_edit": {"pk": o["case_study"].pk},
        "reporting:case_study_move": {"pk": o["case_study"].pk, "move": "submit"},
        "accounts:role_grant_approve": {"pk": o["role_grant"].pk},
        "accounts:role_grant_decline": {"pk": o["role_grant"].pk},
        "cases:concern_delete": {"reference": o["draft"].reference},
        "cases:triage_match": {
            "reference": o["match_concern"].reference,
            "person_id": o["match_person"].pk,
            "existing_id": o["known_person"].pk,
        },
        "cases:triage_unmatch": {
            "reference": o["match_concern"].reference,
            "person_id": o["match_person"].pk,
        },
        "governance:agreement_document": {"agreement_id": o["agreement"].pk},
        "governance:disclosure_decide": {"disclosure_id": o["disclosure"].pk},
        "governance:disclosure_review": {"disclosure_id": o["withdrawn_disclosure"].pk},
        "governance:retention_decide": {"reference": o["retention_case"].reference},
        "governance:legal_hold": {"reference": o["retention_case"].reference},
        "governance_case:consent_add": {"reference": case, "person_id": o["link"].pk},
        "governance_case:subject_access": {"reference": case, "person_id": o["link"].pk},
        "pathways:timescale_edit": {"key": "adult_social_care", "state_key": "s42_enquiry"},
        "serac:item_save": {"pk": meeting, "item_pk": o["item"].pk},
    }
    if route in by_route:
        return by_route[route]
    if _is_meeting_route(route):
        return {"pk": meeting}
    return {"reference": case}


def _is_meeting_route(route: str) -> bool:
    """A SERAC route whose only parameter is the meeting."""
    return route.startswith("serac:meeting") or (
        route.startswith("serac:")
        and route.endswith(("_pdf", "minutes", "agenda_edit", "threat_add"))
    )


def past_meeting_kwargs(route: str, w: World) -> dict | None:
    """The same SERAC meeting route on the meeting whose window has closed.
    (Only a meeting's own routes: an action's pk may equal the meeting's.)"""
    kwargs = kwargs_for(route, w)
    if _is_meeting_route(route) and kwargs == {"pk": w.meeting.pk}:
        return {"pk": w.past_meeting.pk}
    return None


def missing_kwargs(kwargs: dict) -> dict:
    """``kwargs`` with every object replaced by one that does not exist."""
    missing = {}
    for name, value in kwargs.items():
        if name == "reference":
            missing[name] = MISSING["reference"]
        elif isinstance(value, int):
            missing[name] = MISSING["int"]
        elif isinstance(value, uuid.UUID):
            missing[name] = MISSING["uuid"]
        else:
            missing[name] = value
    return missing
