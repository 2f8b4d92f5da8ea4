from django.apps import AppConfig


class WellbeingConfig(AppConfig):
    name = "wellbeing"
    verbose_name = "Wellbeing"

    def ready(self) -> None:
        # Content is validated at start-up, not at 3 a.m. (STYLE §6): a broken instrument,
        # rule or help file stops the app here with the file and field named.
        from . import registry

        registry.check_content()
