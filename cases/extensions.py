"""What the apps above ``cases`` provide to it (see core.registry).

- ``start_pathway``: pathways starts a pathway on a case (a new case starts
  Initial Identification & Safeguarding; triage starts the ones the concern
  asks for).
- ``nrm_import_differs`` / ``nrm_import_write``: referrals compares and writes
  an imported row's NRM columns as the case's imported NRM episode;
  ``nrm_import_build`` / ``nrm_import_save`` do the same for the cases an
  import creates, in bulk.
- ``case_page_panels``: the sections pathways, the directory, referrals and
  SERAC put on the case page, in three slots: after the summary, after the
  people (governance's consent at a glance) and after "Who has access".
- ``share_request``: governance checks every share a
  person asks for (an information-sharing agreement with the agency, and
  consent or a recorded lawful basis) before it opens.
"""

from core.registry import PanelRegistry, Provided

start_pathway = Provided(
    "start_pathway",
    "start_pathway(actor=, case=, pathway_key=) starts a pathway on a case.",
)
nrm_import_differs = Provided(
    "nrm_import_differs",
    "nrm_import_differs(case=, nrm=) says whether an imported row's NRM columns change the case.",
)
nrm_import_write = Provided(
    "nrm_import_write",
    "nrm_import_write(case=, nrm=, actor=, file_name=) writes them as the imported episode.",
)

nrm_import_build = Provided(
    "nrm_import_build",
    "nrm_import_build(cases_and_nrm=[(case, nrm, person)], actor=, file_name=) returns "
    "[(case, unsaved episode)] for new cases whose NRM columns make one.",
)
nrm_import_save = Provided(
    "nrm_import_save",
    "nrm_import_save(episodes=) saves the episodes nrm_import_build made, in bulk.",
)


case_page_panels = PanelRegistry(
    "case page", slots=("after_summary", "after_people", "after_sharing")
)

share_request = Provided(
    "share_request",
    "share_request(actor=, case=, agency=, reason=, ends_on=, lawful_basis=, basis_reason=, "
    "life_at_risk=, emergency_reason=) checks the agreement with the agency and the basis "
    "for the disclosure, then opens the share or sends it to the Lead for approval. "
    "Returns a sentence saying which; raises ServiceError (with ``field``) when refused.",
)
