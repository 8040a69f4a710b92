from django.apps import AppConfig


class ReferralsConfig(AppConfig):
    name = "referrals"

    def ready(self):
        from cases import extensions
        from governance import extensions as governance_extensions
        from referrals import governance as referrals_governance
        from referrals import importing, panels

        extensions.nrm_import_differs.provide(importing.nrm_import_differs)
        extensions.nrm_import_write.provide(importing.nrm_import_write)
        extensions.nrm_import_build.provide(importing.nrm_import_build)
        extensions.nrm_import_save.provide(importing.nrm_import_save)
        extensions.case_page_panels.register(
            key="support_services",
            slot="after_summary",
            order=20,
            template="directory/_services_for_case.html",
            context=panels.support_services_panel,
        )
        extensions.case_page_panels.register(
            key="nrm",
            slot="after_summary",
            order=30,
            template="referrals/_case_panel.html",
            context=panels.nrm_case_panel,
        )
        governance_extensions.register_anonymiser("referrals", referrals_governance.anonymise)
        governance_extensions.register_subject_access_section(
            "referrals", referrals_governance.subject_access
        )
