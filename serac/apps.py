from django.apps import AppConfig


class SeracConfig(AppConfig):
    name = "serac"

    def ready(self):
        from cases import extensions
        from serac.panels import serac_case_panel

        extensions.case_page_panels.register(
            key="serac",
            slot="after_sharing",
            order=10,
            template="serac/_case_panel.html",
            context=serac_case_panel,
        )
