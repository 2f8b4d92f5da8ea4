from django.apps import AppConfig


class NestlingConfig(AppConfig):
    """The project package as an app, so its system checks are registered at start-up."""

    name = "nestling"
    verbose_name = "Nestling"

    def ready(self) -> None:
        from . import checks  # noqa: F401 - registers the checks
