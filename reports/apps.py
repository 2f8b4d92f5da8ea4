from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = "Reports"

    def ready(self) -> None:
        from carelog.changes import log_committed
        from reports.refresh import on_log_committed

        log_committed.connect(on_log_committed, dispatch_uid="reports-insights-refresh")
