from django.apps import AppConfig


class CarelogConfig(AppConfig):
    name = "carelog"

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from carelog.changes import on_event_changed
        from carelog.models import Event

        post_save.connect(on_event_changed, sender=Event, dispatch_uid="carelog-count-save")
        post_delete.connect(on_event_changed, sender=Event, dispatch_uid="carelog-count-delete")
