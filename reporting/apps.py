from django.apps import AppConfig


class ReportingConfig(AppConfig):
    name = "reporting"

    def ready(self):
        from governance import extensions as governance_extensions
        from reporting import governance as reporting_governance

        governance_extensions.register_anonymiser("reporting", reporting_governance.anonymise)
