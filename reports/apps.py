from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = "Reports"

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from carelog.models import Event
        from reports.refresh import on_event_saved

        post_save.connect(on_event_saved, sender=Event, dispatch_uid="reports-insights-save")
        post_delete.connect(on_event_saved, sender=Event, dispatch_uid="reports-insights-delete")
