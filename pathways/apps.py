from django.apps import AppConfig


class PathwaysConfig(AppConfig):
    name = "pathways"
    verbose_name = "Protocol pathways"

    def ready(self):
        from cases import extensions
        from governance import extensions as governance_extensions
        from pathways import checks  # noqa: F401  (registers the stored state key check)
        from pathways import governance as pathways_governance
        from pathways.panels import case_pathways_panel
        from pathways.services import pathway_start

        extensions.start_pathway.provide(pathway_start)
        extensions.case_page_panels.register(
            key="pathways",
            slot="after_summary",
            order=10,
            template="pathways/_case_panel.html",
            context=case_pathways_panel,
        )
        governance_extensions.register_anonymiser("pathways", pathways_governance.anonymise)
        governance_extensions.register_subject_access_section(
            "pathways", pathways_governance.subject_access
        )
