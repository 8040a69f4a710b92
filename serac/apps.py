from django.apps import AppConfig


class SeracConfig(AppConfig):
    name = "serac"

    def ready(self):
        from cases import extensions
        from governance import extensions as governance_extensions
        from serac import governance as serac_governance
        from serac.panels import serac_case_panel

        extensions.case_page_panels.register(
            key="serac",
            slot="after_sharing",
            order=10,
            template="serac/_case_panel.html",
            context=serac_case_panel,
        )
        governance_extensions.register_anonymiser("serac", serac_governance.anonymise)
        governance_extensions.register_subject_access_section(
            "serac", serac_governance.subject_access
        )
