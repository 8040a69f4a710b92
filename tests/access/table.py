"""One table of who gets what: route -> method -> persona -> status.

Read a row as "GET /cases/<reference>/ answers 404 to everyone, except ...".
``LOGIN`` is a redirect to the sign-in page. Objects come from ``world.py``:
the case was raised by the police agency of ``frontline_worker``,
``agency_lead`` and ``ambassador``; the SERAC meeting is upcoming with its
agenda circulated to the police and ``serac_member``'s NHS; the
``serac_member_after_window`` persona is asked about a meeting held 30 days
ago (its window closed), and its own agency's action from it.

A new route needs a row here, or the matrix fails: decide who may open it.
The Django admin's routes are checked as ``ADMIN_SITE`` (nobody but the
administrator gets past the sign-in page); the admin's own rules are tested
in tests/accounts.
"""

LOGIN = "login"  # a redirect to the sign-in page
ADMIN_SITE = object()  # the Django admin: see test_permission_matrix

PERSONAS = (
    "signed_out",
    "frontline_worker",
    "agency_lead",
    "ambassador",
    "lead",
    "serac_chair",
    "serac_member",
    "board_member",
    "administrator",
    "unrelated_worker",
    "serac_member_after_window",
)


def row(default, **exceptions):
    """Every persona gets ``default`` except those named."""
    unknown = set(exceptions) - set(PERSONAS)
    assert not unknown, unknown
    return {persona: exceptions.get(persona, default) for persona in PERSONAS}


def signed_in(default, **exceptions):
    """Anyone signed out is sent to sign in; the rest as ``row``."""
    return row(default, **{"signed_out": LOGIN, **exceptions})


# What a case's own agency (the police: worker, safeguarding lead,
# ambassador) and the Lead may open.
CASE_WORKERS = {"frontline_worker": 200, "agency_lead": 200, "ambassador": 200, "lead": 200}


# Routes that only read are asked for with GET; every route that changes
# state (or might) is asked for with GET and POST.
ROUTES = {
    "-:/admin/login/": {"GET": ADMIN_SITE},
    "-:/favicon.ico": {"GET": row(301)},
    "accounts:account_changes": {
        "GET": signed_in(404, lead=200, administrator=200),
    },
    "accounts:lockout_lift": {
        "GET": signed_in(405),
        "POST": signed_in(404, administrator=302),
    },
    "accounts:lockouts": {
        "GET": signed_in(404, administrator=200),
        "POST": signed_in(404, administrator=200),
    },
    "accounts:login": {
        "GET": row(302, signed_out=200),
        "POST": row(302, signed_out=200),
    },
    "accounts:logout": {
        "GET": signed_in(405),
        "POST": signed_in(LOGIN),
    },
    "accounts:oidc_callback": {
        "GET": row(404),
        "POST": row(404),
    },
    "accounts:oidc_sign_in": {
        "GET": row(404),
        "POST": row(404),
    },
    "accounts:password_reset": {
        "GET": row(200),
        "POST": row(200),
    },
    "accounts:password_reset_complete": {
        "GET": row(200),
    },
    "accounts:password_reset_confirm": {
        "GET": row(200),
        "POST": row(200),
    },
    "accounts:password_reset_done": {
        "GET": row(200),
    },
    "accounts:recovery_codes": {
        "GET": signed_in(200),
        "POST": signed_in(200),
    },
    "accounts:role_grant_approve": {
        # A Lead who neither proposed the role nor is its subject; nobody else
        # learns the proposal exists.
        "GET": signed_in(404, lead=405),
        "POST": signed_in(404, lead=302),
    },
    "accounts:role_grant_decline": {
        "GET": signed_in(404, lead=405),
        "POST": signed_in(404, lead=302),
    },
    "accounts:sign_ins": {
        "GET": signed_in(200),
    },
    "accounts:sign_out_other_sessions": {
        "GET": signed_in(405),
        "POST": signed_in(302),
    },
    "accounts:two_factor_recovery": {
        "GET": signed_in(302),
        "POST": signed_in(302),
    },
    "accounts:two_factor_remove": {
        "GET": signed_in(405),
        "POST": signed_in(404),
    },
    "accounts:two_factor_setup": {
        "GET": signed_in(200),
        "POST": signed_in(200),
    },
    "accounts:two_factor_setup_app": {
        "GET": signed_in(200),
        "POST": signed_in(200),
    },
    "accounts:two_factor_setup_passkey": {
        "GET": signed_in(200),
        "POST": signed_in(200),
    },
    "accounts:two_factor_verify": {
        "GET": signed_in(302),
        "POST": signed_in(302),
    },
    "admin:/admin/(?P<url>.*)$": {"GET": ADMIN_SITE},
    "admin:/admin/accounts/accountevent/<path:object_id>/": {"GET": ADMIN_SITE},
    "admin:/admin/accounts/accountchange/<path:object_id>/": {"GET": ADMIN_SITE},
    "admin:/admin/accounts/agency/<path:object_id>/": {"GET": ADMIN_SITE},
    "admin:/admin/accounts/user/<path:object_id>/": {"GET": ADMIN_SITE},
    "admin:/admin/accounts/rolegrant/<path:object_id>/": {"GET": ADMIN_SITE},
    "admin:/admin/auth/group/<path:object_id>/": {"GET": ADMIN_SITE},
    "admin:/admin/otp_static/staticdevice/<path:object_id>/": {"GET": ADMIN_SITE},
    "admin:/admin/otp_totp/totpdevice/<path:object_id>/": {"GET": ADMIN_SITE},
    "admin:/admin/reporting/actionplanitem/<path:object_id>/": {"GET": ADMIN_SITE},
    "admin:/admin/reporting/reportrun/<path:object_id>/": {"GET": ADMIN_SITE},
    "admin:/admin/reporting/trainingsession/<path:object_id>/": {"GET": ADMIN_SITE},
    "admin:accounts_accountchange_add": {"GET": ADMIN_SITE},
    "admin:accounts_accountchange_change": {"GET": ADMIN_SITE},
    "admin:accounts_accountchange_changelist": {"GET": ADMIN_SITE},
    "admin:accounts_accountchange_delete": {"GET": ADMIN_SITE},
    "admin:accounts_accountchange_history": {"GET": ADMIN_SITE},
    "admin:accounts_accountevent_add": {"GET": ADMIN_SITE},
    "admin:accounts_accountevent_change": {"GET": ADMIN_SITE},
    "admin:accounts_accountevent_changelist": {"GET": ADMIN_SITE},
    "admin:accounts_accountevent_delete": {"GET": ADMIN_SITE},
    "admin:accounts_accountevent_history": {"GET": ADMIN_SITE},
    "admin:accounts_agency_add": {"GET": ADMIN_SITE},
    "admin:accounts_agency_change": {"GET": ADMIN_SITE},
    "admin:accounts_agency_changelist": {"GET": ADMIN_SITE},
    "admin:accounts_agency_delete": {"GET": ADMIN_SITE},
    "admin:accounts_agency_history": {"GET": ADMIN_SITE},
    "admin:accounts_rolegrant_add": {"GET": ADMIN_SITE},
    "admin:accounts_rolegrant_change": {"GET": ADMIN_SITE},
    "admin:accounts_rolegrant_changelist": {"GET": ADMIN_SITE},
    "admin:accounts_rolegrant_delete": {"GET": ADMIN_SITE},
    "admin:accounts_rolegrant_history": {"GET": ADMIN_SITE},
    "admin:accounts_user_add": {"GET": ADMIN_SITE},
    "admin:accounts_user_change": {"GET": ADMIN_SITE},
    "admin:accounts_user_changelist": {"GET": ADMIN_SITE},
    "admin:accounts_user_delete": {"GET": ADMIN_SITE},
    "admin:accounts_user_history": {"GET": ADMIN_SITE},
    "admin:app_list": {"GET": ADMIN_SITE},
    "admin:auth_group_add": {"GET": ADMIN_SITE},
    "admin:auth_group_change": {"GET": ADMIN_SITE},
    "admin:auth_group_changelist": {"GET": ADMIN_SITE},
    "admin:auth_group_delete": {"GET": ADMIN_SITE},
    "admin:auth_group_history": {"GET": ADMIN_SITE},
    "admin:auth_user_password_change": {"GET": ADMIN_SITE},
    "admin:autocomplete": {"GET": ADMIN_SITE},
    "admin:index": {"GET": ADMIN_SITE},
    "admin:jsi18n": {"GET": ADMIN_SITE},
    "admin:login": {"GET": ADMIN_SITE},
    "admin:logout": {"GET": ADMIN_SITE},
    "admin:otp_static_staticdevice_add": {"GET": ADMIN_SITE},
    "admin:otp_static_staticdevice_change": {"GET": ADMIN_SITE},
    "admin:otp_static_staticdevice_changelist": {"GET": ADMIN_SITE},
    "admin:otp_static_staticdevice_delete": {"GET": ADMIN_SITE},
    "admin:otp_static_staticdevice_history": {"GET": ADMIN_SITE},
    "admin:otp_totp_totpdevice_add": {"GET": ADMIN_SITE},
    "admin:otp_totp_totpdevice_change": {"GET": ADMIN_SITE},
    "admin:otp_totp_totpdevice_changelist": {"GET": ADMIN_SITE},
    "admin:otp_totp_totpdevice_config": {"GET": ADMIN_SITE},
    "admin:otp_totp_totpdevice_delete": {"GET": ADMIN_SITE},
    "admin:otp_totp_totpdevice_history": {"GET": ADMIN_SITE},
    "admin:otp_totp_totpdevice_qrcode": {"GET": ADMIN_SITE},
    "admin:password_change": {"GET": ADMIN_SITE},
    "admin:password_change_done": {"GET": ADMIN_SITE},
    "admin:reporting_actionplanitem_add": {"GET": ADMIN_SITE},
    "admin:reporting_actionplanitem_change": {"GET": ADMIN_SITE},
    "admin:reporting_actionplanitem_changelist": {"GET": ADMIN_SITE},
    "admin:reporting_actionplanitem_delete": {"GET": ADMIN_SITE},
    "admin:reporting_actionplanitem_history": {"GET": ADMIN_SITE},
    "admin:reporting_reportrun_add": {"GET": ADMIN_SITE},
    "admin:reporting_reportrun_change": {"GET": ADMIN_SITE},
    "admin:reporting_reportrun_changelist": {"GET": ADMIN_SITE},
    "admin:reporting_reportrun_delete": {"GET": ADMIN_SITE},
    "admin:reporting_reportrun_history": {"GET": ADMIN_SITE},
    "admin:reporting_trainingsession_add": {"GET": ADMIN_SITE},
    "admin:reporting_trainingsession_change": {"GET": ADMIN_SITE},
    "admin:reporting_trainingsession_changelist": {"GET": ADMIN_SITE},
    "admin:reporting_trainingsession_delete": {"GET": ADMIN_SITE},
    "admin:reporting_trainingsession_history": {"GET": ADMIN_SITE},
    "admin:view_on_site": {"GET": ADMIN_SITE},
    "cases:case_close": {
        "GET": signed_in(405),
        "POST": signed_in(404, lead=200),
    },
    "cases:case_detail": {
        "GET": signed_in(404, **CASE_WORKERS),
    },
    "cases:case_edit": {
        "GET": signed_in(404, **CASE_WORKERS),
        "POST": signed_in(404, **CASE_WORKERS),
    },
    "cases:case_export": {
        "GET": signed_in(404, lead=200),
    },
    "cases:case_list": {
        "GET": signed_in(200, board_member=404, administrator=404),
    },
    "cases:case_reopen": {
        "GET": signed_in(405),
        "POST": signed_in(404),
    },
    "cases:case_share": {
        "GET": signed_in(404, agency_lead=200, lead=200),
        "POST": signed_in(404, agency_lead=200, lead=200),
    },
    "cases:case_share_end": {
        "GET": signed_in(404, lead=200),
        "POST": signed_in(404, lead=200),
    },
    "cases:child_add": {
        "GET": signed_in(404, **CASE_WORKERS),
        "POST": signed_in(404, **CASE_WORKERS),
    },
    "cases:child_remove": {
        "GET": signed_in(405),
        "POST": signed_in(404, frontline_worker=302, agency_lead=302, ambassador=302, lead=302),
    },
    "cases:concern_check": {
        "GET": signed_in(404, frontline_worker=200),
        "POST": signed_in(404, frontline_worker=200),
    },
    "cases:concern_delete": {
        # The reporter's own draft only (a sent concern is never deleted).
        "GET": signed_in(404, frontline_worker=200),
        "POST": signed_in(404, frontline_worker=302),
    },
    "cases:concern_detail": {
        "GET": signed_in(404, frontline_worker=200, lead=200),
    },
    "cases:concern_list_mine": {
        "GET": signed_in(200, board_member=404, administrator=404),
    },
    "cases:concern_start": {
        "GET": signed_in(200, board_member=404, administrator=404),
        "POST": signed_in(302, board_member=404, administrator=404),
    },
    "cases:concern_step": {
        "GET": signed_in(404, frontline_worker=200),
        "POST": signed_in(404, frontline_worker=302),
    },
    "cases:document_download": {
        "GET": signed_in(404, **CASE_WORKERS),
    },
    "cases:document_upload": {
        "GET": signed_in(404, **CASE_WORKERS),
        "POST": signed_in(404, **CASE_WORKERS),
    },
    "cases:import_confirm": {
        "GET": signed_in(404, lead=302),
        "POST": signed_in(404, lead=200),
    },
    "cases:import_done": {
        "GET": signed_in(404, lead=302),
        "POST": signed_in(404, lead=302),
    },
    "cases:import_upload": {
        "GET": signed_in(404, lead=200),
        "POST": signed_in(404, lead=200),
    },
    "cases:note_add": {
        "GET": signed_in(404, **CASE_WORKERS),
        "POST": signed_in(404, **CASE_WORKERS),
    },
    "cases:note_correct": {
        "GET": signed_in(404, **CASE_WORKERS),
        "POST": signed_in(404, **CASE_WORKERS),
    },
    "cases:person_edit": {
        "GET": signed_in(404, **CASE_WORKERS),
        "POST": signed_in(404, **CASE_WORKERS),
    },
    "cases:triage_concern": {
        "GET": signed_in(404, lead=200),
        "POST": signed_in(404, lead=200),
    },
    "cases:triage_match": {
        "GET": signed_in(404, lead=200),
        "POST": signed_in(404, lead=200),
    },
    "cases:triage_queue": {
        "GET": signed_in(404, lead=200),
    },
    "cases:triage_unmatch": {
        "GET": signed_in(404),
        "POST": signed_in(404, lead=302),
    },
    "dashboard": {
        "GET": signed_in(200),
    },
    "directory:directory": {
        "GET": signed_in(200, board_member=404, administrator=404),
    },
    "directory:service_create": {
        "GET": signed_in(404, lead=200),
        "POST": signed_in(404, lead=200),
    },
    "directory:service_edit": {
        "GET": signed_in(404, lead=200),
        "POST": signed_in(404, lead=200),
    },
    "governance:agreement_add": {
        "GET": signed_in(404, lead=200, administrator=200),
        "POST": signed_in(404, lead=200, administrator=200),
    },
    "governance:agreement_document": {
        "GET": signed_in(404, lead=200, administrator=200),
    },
    "governance:agreements": {
        "GET": signed_in(404, lead=200, administrator=200),
    },
    "governance:disclosure_decide": {
        "GET": signed_in(404, lead=200),
        "POST": signed_in(404, lead=200),
    },
    "governance:disclosure_queue": {
        "GET": signed_in(404, lead=200),
    },
    "governance:disclosure_review": {
        "GET": signed_in(404, lead=200),
        "POST": signed_in(404, lead=200),
    },
    "governance:legal_hold": {
        "GET": signed_in(404, lead=200),
        "POST": signed_in(404, lead=200),
    },
    "governance:retention_decide": {
        "GET": signed_in(404, lead=200),
        "POST": signed_in(404, lead=200),
    },
    "governance:retention_queue": {
        "GET": signed_in(404, lead=200),
    },
    "governance_case:consent_add": {
        "GET": signed_in(404, **CASE_WORKERS),
        "POST": signed_in(404, **CASE_WORKERS),
    },
    "governance_case:subject_access": {
        "GET": signed_in(404, lead=200),
        "POST": signed_in(404, lead=200),
    },
    "health": {
        # 503 until a worker has stamped its heartbeat: either is an answer.
        "GET": row((200, 503)),
    },
    "otp_webauthn:credential-authentication-begin": {
        "GET": signed_in(405),
        "POST": signed_in(200),
    },
    "otp_webauthn:credential-authentication-complete": {
        "GET": signed_in(405),
        "POST": signed_in(400),
    },
    "otp_webauthn:credential-registration-begin": {
        "GET": signed_in(405),
        "POST": signed_in(200),
    },
    "otp_webauthn:credential-registration-complete": {
        "GET": signed_in(405),
        "POST": signed_in(400),
    },
    "otp_webauthn:js-i18n-catalog": {
        "GET": signed_in(200),
    },
    "pathways:case_pathway_start": {
        "GET": signed_in(405),
        "POST": signed_in(404, frontline_worker=302, agency_lead=302, ambassador=302, lead=302),
    },
    "pathways:case_pathway_step": {
        # An empty step comes back on a page of its own with its errors (400).
        "GET": signed_in(405),
        "POST": signed_in(404, frontline_worker=400, agency_lead=400, ambassador=400, lead=400),
    },
    "pathways:compliance": {
        "GET": signed_in(404, lead=200),
    },
    "pathways:protocol": {
        "GET": signed_in(200),
    },
    "pathways:protocol_pathway": {
        "GET": signed_in(200),
    },
    "pathways:timescale_edit": {
        "GET": signed_in(404, lead=200),
        "POST": signed_in(404, lead=200),
    },
    "pathways:timescales": {
        "GET": signed_in(404, lead=200),
    },
    "privacy_notice": {
        "GET": row(200),
    },
    "public_report": {
        "GET": row(200),
        "POST": row(200),
    },
    "public_report_done": {
        "GET": row(200),
    },
    "referrals:episode_detail": {
        "GET": signed_in(404, **CASE_WORKERS),
    },
    "referrals:episode_start": {
        "GET": signed_in(404, **CASE_WORKERS),
        "POST": signed_in(404, **CASE_WORKERS),
    },
    "referrals:episode_step": {
        "GET": signed_in(404, **CASE_WORKERS),
        "POST": signed_in(404, **CASE_WORKERS),
    },
    "referrals:nrm_tracker": {
        "GET": signed_in(200, board_member=404, administrator=404),
    },
    "referrals:prompt_sheet": {
        "GET": signed_in(404, **CASE_WORKERS),
    },
    "referrals:service_figures": {
        "GET": signed_in(200, board_member=404, administrator=404),
    },
    "referrals:service_referral_create": {
        "GET": signed_in(404, **CASE_WORKERS),
        "POST": signed_in(404, **CASE_WORKERS),
    },
    "referrals:service_referral_update": {
        "GET": signed_in(404, **CASE_WORKERS),
        "POST": signed_in(404, **CASE_WORKERS),
    },
    "reporting:ambassador_activity_add": {
        "GET": signed_in(404, lead=200),
        "POST": signed_in(404, lead=200),
    },
    "reporting:ambassador_add": {
        "GET": signed_in(404, lead=200),
        "POST": signed_in(404, lead=200),
    },
    "reporting:ambassador_edit": {
        "GET": signed_in(404, lead=200),
        "POST": signed_in(404, lead=200),
    },
    "reporting:ambassador_import": {
        "GET": signed_in(404, lead=200),
        "POST": signed_in(404, lead=200),
    },
    "reporting:ambassador_list": {
        "GET": signed_in(404, lead=200),
    },
    "reporting:case_study_add": {
        "GET": signed_in(404, lead=200),
        "POST": signed_in(404, lead=200),
    },
    "reporting:case_study_detail": {
        "GET": signed_in(404, lead=200),
        "POST": signed_in(404, lead=200),
    },
    "reporting:case_study_edit": {
        "GET": signed_in(404, lead=200),
        "POST": signed_in(404, lead=200),
    },
    "reporting:case_study_list": {
        "GET": signed_in(404, lead=200, serac_chair=200),
    },
    "reporting:case_study_move": {
        "GET": signed_in(405),
        "POST": signed_in(404, lead=400),
    },
    "reporting:elearning_add": {
        "GET": signed_in(404, lead=200),
        "POST": signed_in(404, lead=200),
    },
    "reporting:elearning_list": {
        "GET": signed_in(404, lead=200),
    },
    "reporting:event_add": {
        "GET": signed_in(404, lead=200),
        "POST": signed_in(404, lead=200),
    },
    "reporting:event_edit": {
        "GET": signed_in(404, lead=200),
        "POST": signed_in(404, lead=200),
    },
    "reporting:event_list": {
        "GET": signed_in(404, lead=200),
    },
    "reporting:home": {
        "GET": signed_in(404, lead=200, board_member=200),
    },
    "reporting:plan_add": {
        "GET": signed_in(404, lead=200),
        "POST": signed_in(404, lead=200),
    },
    "reporting:plan_edit": {
        "GET": signed_in(404, lead=200),
        "POST": signed_in(404, lead=200),
    },
    "reporting:plan_list": {
        "GET": signed_in(404, lead=200),
    },
    "reporting:run_detail": {
        "GET": signed_in(404, lead=200, board_member=200),
    },
    "reporting:run_download": {
        "GET": signed_in(404),
    },
    "reporting:run_retry": {
        "GET": signed_in(405),
        "POST": signed_in(404, lead=302),
    },
    "reporting:training_add": {
        "GET": signed_in(404, lead=200),
        "POST": signed_in(404, lead=200),
    },
    "reporting:training_edit": {
        "GET": signed_in(404, lead=200),
        "POST": signed_in(404, lead=200),
    },
    "reporting:training_feedback": {
        "GET": signed_in(404, lead=200),
        "POST": signed_in(404, lead=200),
    },
    "reporting:training_feedback_remove": {
        "GET": signed_in(405),
        "POST": signed_in(404, lead=302),
    },
    "reporting:training_import": {
        "GET": signed_in(404, lead=200),
        "POST": signed_in(404, lead=200),
    },
    "reporting:training_list": {
        "GET": signed_in(404, lead=200),
    },
    "reporting:transition_panel_add": {
        "GET": signed_in(404, lead=200),
        "POST": signed_in(404, lead=200),
    },
    "reporting:transition_panel_list": {
        "GET": signed_in(404, lead=200),
    },
    "serac:action_update": {
        "GET": signed_in(404, lead=200, serac_chair=200, serac_member_after_window=200),
        "POST": signed_in(404, lead=200, serac_chair=200, serac_member_after_window=200),
    },
    "serac:actions_pdf": {
        "GET": signed_in(404, lead=200, serac_chair=200, serac_member=200),
    },
    "serac:agenda_edit": {
        "GET": signed_in(404, lead=200, serac_chair=200),
        "POST": signed_in(404, lead=200, serac_chair=200),
    },
    "serac:agenda_item_move": {
        "GET": signed_in(405),
        "POST": signed_in(404, lead=302, serac_chair=302),
    },
    "serac:agenda_item_remove": {
        "GET": signed_in(405),
        "POST": signed_in(404, lead=302, serac_chair=302),
    },
    "serac:agenda_pdf": {
        "GET": signed_in(404, lead=200, serac_chair=200, serac_member=200),
    },
    "serac:expected_volume": {
        "GET": signed_in(404, lead=200),
        "POST": signed_in(404, lead=200),
    },
    "serac:figures": {
        "GET": signed_in(
            404, lead=200, serac_chair=200, serac_member=200, serac_member_after_window=200
        ),
        "POST": signed_in(
            404, lead=200, serac_chair=200, serac_member=200, serac_member_after_window=200
        ),
    },
    "serac:home": {
        "GET": signed_in(
            404, lead=200, serac_chair=200, serac_member=200, serac_member_after_window=200
        ),
        "POST": signed_in(
            404, lead=200, serac_chair=200, serac_member=200, serac_member_after_window=200
        ),
    },
    "serac:item_action_add": {
        "GET": signed_in(405),
        "POST": signed_in(404, lead=400, serac_chair=400),
    },
    "serac:item_discussion": {
        "GET": signed_in(405),
        "POST": signed_in(404, lead=302, serac_chair=302),
    },
    "serac:item_save": {
        "GET": signed_in(405),
        "POST": signed_in(404, lead=302, serac_chair=302),
    },
    "serac:meeting_attendance": {
        "GET": signed_in(405),
        "POST": signed_in(404, lead=302, serac_chair=302),
    },
    "serac:meeting_cancel": {
        "GET": signed_in(405),
        "POST": signed_in(404, lead=302, serac_chair=302),
    },
    "serac:meeting_circulate": {
        "GET": signed_in(405),
        "POST": signed_in(404, lead=302, serac_chair=302),
    },
    "serac:meeting_create": {
        "GET": signed_in(404, lead=200, serac_chair=200),
        "POST": signed_in(404, lead=200, serac_chair=200),
    },
    "serac:meeting_detail": {
        "GET": signed_in(
            404, lead=200, serac_chair=200, serac_member=200, serac_member_after_window=200
        ),
        "POST": signed_in(
            404, lead=200, serac_chair=200, serac_member=200, serac_member_after_window=200
        ),
    },
    "serac:meeting_edit": {
        "GET": signed_in(404, lead=200, serac_chair=200),
        "POST": signed_in(404, lead=200, serac_chair=200),
    },
    "serac:meeting_held": {
        "GET": signed_in(405),
        "POST": signed_in(404, lead=302, serac_chair=302),
    },
    "serac:meeting_invite": {
        "GET": signed_in(
            404, lead=200, serac_chair=200, serac_member=200, serac_member_after_window=200
        ),
        "POST": signed_in(
            404, lead=200, serac_chair=200, serac_member=200, serac_member_after_window=200
        ),
    },
    "serac:meeting_mode": {
        "GET": signed_in(404, lead=200, serac_chair=200),
        "POST": signed_in(404, lead=200, serac_chair=200),
    },
    "serac:minutes": {
        "GET": signed_in(404, lead=200, serac_chair=200),
        "POST": signed_in(404, lead=200, serac_chair=200),
    },
    "serac:minutes_pdf": {
        "GET": signed_in(404),
    },
    "serac:referral_create": {
        "GET": signed_in(404, **CASE_WORKERS),
        "POST": signed_in(404, **CASE_WORKERS),
    },
    "serac:referral_detail": {
        "GET": signed_in(
            200,
            serac_member=404,
            board_member=404,
            administrator=404,
            unrelated_worker=404,
            serac_member_after_window=404,
        ),
        "POST": signed_in(404, lead=302, serac_chair=302),
    },
    "serac:referral_list": {
        "GET": signed_in(404, lead=200, serac_chair=200),
    },
    "serac:research_edit": {
        "GET": signed_in(404, serac_member=200),
        "POST": signed_in(404, serac_member=302),
    },
    "serac:threat_add": {
        "GET": signed_in(404, lead=200, serac_chair=200),
        "POST": signed_in(404, lead=200, serac_chair=200),
    },
    "serac:threat_edit": {
        "GET": signed_in(404, lead=200, serac_chair=200),
        "POST": signed_in(404, lead=200, serac_chair=200),
    },
}
