"""System checks: the pathway definitions are sound, and no case is left on a step
its definition no longer has.

Renaming or removing a state in ``pathways/definitions/`` strands every stored
``CasePathway`` at that state: the case page cannot show it and nothing can
move it on. ``python manage.py check --database default`` reports each
stranded key; ``pathways.migration_helpers.rename_state`` is how to rename one
(README, "Renaming a pathway step").

It reads the database, so Django runs it only when a database is named (``check
--database``, ``migrate``). While migrations are waiting to be applied it says
nothing: one of them may be the rename that mends the keys.
"""

from django.core.checks import Error, Tags, register
from django.db import DatabaseError, connections
from django.db.migrations.executor import MigrationExecutor
from django.db.models import Count

from pathways.definitions import PATHWAYS


def _migrations_pending(connection) -> bool:
    executor = MigrationExecutor(connection)
    return bool(executor.migration_plan(executor.loader.graph.leaf_nodes()))


def stranded_keys(*, using: str = "default") -> list[tuple[str, str, int]]:
    """(pathway key, state key, how many cases) stored but not in the definitions."""
    from pathways.models import CasePathway

    # One row per distinct (pathway, step) pair, counted in the database.
    stored = (
        CasePathway.objects.using(using)
        .values_list("pathway_key", "state_key")
        .annotate(cases=Count("pk"))
        .order_by("pathway_key", "state_key")
    )
    return [
        (pathway_key, state_key, cases)
        for pathway_key, state_key, cases in stored
        if pathway_key not in PATHWAYS or not PATHWAYS[pathway_key].has_state(state_key)
    ]


@register(Tags.database)
def check_stored_state_keys(app_configs=None, databases=None, **kwargs):
    errors = []
    for alias in databases or ():
        connection = connections[alias]
        try:
            if "pathways_casepathway" not in connection.introspection.table_names():
                continue  # not migrated yet
            if _migrations_pending(connection):
                continue
            stranded = stranded_keys(using=alias)
        except DatabaseError:
            continue  # no database to ask; other checks report that
        for pathway_key, state_key, count in stranded:
            cases = f"{count} case{'s' if count != 1 else ''}"
            if pathway_key not in PATHWAYS:
                errors.append(
                    Error(
                        f"{cases} stored on pathway {pathway_key!r}, which no definition has.",
                        hint="Restore the pathway, or move the cases with a data migration.",
                        obj=alias,
                        id="pathways.E001",
                    )
                )
            else:
                errors.append(
                    Error(
                        f"{cases} stored at step {state_key!r} of pathway {pathway_key!r}, "
                        "which its definition no longer has.",
                        hint="Rename the stored key with a data migration that calls "
                        "pathways.migration_helpers.rename_state(apps, "
                        f"{pathway_key!r}, {state_key!r}, NEW_KEY).",
                        obj=alias,
                        id="pathways.E002",
                    )
                )
    return errors


@register()
def check_definitions(app_configs=None, **kwargs):
    """Every definition is sound: from every state an end can be reached (no case can
    be stuck), every state reachable, no transition dangling, every deadline sourced."""
    errors = []
    for pathway in PATHWAYS.values():
        for problem in pathway.validate():
            errors.append(
                Error(
                    f"Pathway {pathway.display} ({pathway.key}): {problem}.",
                    hint="Fix the definition in pathways/definitions/; "
                    "docs/howto/change-a-pathway.md says how.",
                    obj=pathway.key,
                    id="pathways.E003",
                )
            )
    return errors
