"""Helpers for data migrations that change what pathway keys mean.

Renaming a state in ``pathways/definitions/`` needs a data migration that
renames the stored keys with it, or the cases at that step are stranded
(``pathways.checks`` reports them). In the same change as the definition:

    from django.db import migrations

    from pathways.migration_helpers import rename_state


    def forwards(apps, schema_editor):
        rename_state(apps, "housing", "s184_enquiries", "eligibility_enquiries")


    def backwards(apps, schema_editor):
        rename_state(apps, "housing", "eligibility_enquiries", "s184_enquiries")


    class Migration(migrations.Migration):
        dependencies = [("pathways", "0004_track_case_pathways")]
        operations = [migrations.RunPython(forwards, backwards)]

The helper uses the migration's historical models, never the definitions in
code, which will have moved on by the time an old migration runs again.
"""


def rename_state(apps, pathway_key: str, old: str, new: str) -> int:
    """Rename stored state ``old`` to ``new`` on one pathway: where each case
    stands, and the steps in its history that came from or went to it.
    Returns how many cases stood at ``old``."""
    if not old or not new:
        raise ValueError("Give the state key to rename and its new name")
    CasePathway = apps.get_model("pathways", "CasePathway")
    PathwayStep = apps.get_model("pathways", "PathwayStep")
    moved = CasePathway.objects.filter(pathway_key=pathway_key, state_key=old).update(state_key=new)
    steps = PathwayStep.objects.filter(case_pathway__pathway_key=pathway_key)
    steps.filter(from_state=old).update(from_state=new)
    steps.filter(to_state=old).update(to_state=new)
    return moved
