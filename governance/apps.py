from django.apps import AppConfig


class GovernanceConfig(AppConfig):
    name = "governance"

    def ready(self):
        from cases import extensions
        from governance import panels
        from governance.services.disclosures import agency_share_request

        extensions.share_request.provide(agency_share_request)
        extensions.case_page_panels.register(
            key="consent",
            slot="after_people",
            order=10,
            template="governance/_consent_panel.html",
            context=panels.consent_panel,
        )
        extensions.case_page_panels.register(
            key="disclosures",
            slot="after_sharing",
            order=5,
            template="governance/_disclosures_panel.html",
            context=panels.disclosures_panel,
        )
        extensions.case_page_panels.register(
            key="retention",
            slot="after_sharing",
            order=90,
            template="governance/_retention_panel.html",
            context=panels.retention_panel,
        )
