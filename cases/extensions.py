"""What the apps above ``cases`` provide to it (see core.registry).

- ``start_pathway``: pathways starts a pathway on a case (a new case starts
  Initial Identification & Safeguarding; triage starts the ones the concern
  asks for).
- ``nrm_import_differs`` / ``nrm_import_write``: referrals compares and writes
  an imported row's NRM columns as the case's imported NRM episode;
  ``nrm_import_build`` / ``nrm_import_save`` do the same for the cases an
  import creates, in bulk.
- ``case_page_panels``: the sections pathways, the directory, referrals and
  SERAC put on the case page, in two slots: after the summary and after "Who
  has access".
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

case_page_panels = PanelRegistry("case page", slots=("after_summary", "after_sharing"))
