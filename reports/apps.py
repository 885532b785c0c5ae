from django.apps import AppConfig


class ReportsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "reports"
    verbose_name = "Reports, digests and response commitments"

    def ready(self):
        # circular: models may not be imported before the app registry is ready
        from comms.overdue import overdue_cases_register
        from reports.selectors import cases_overdue  # circular: the registry is not ready at import

        overdue_cases_register(cases_overdue)
