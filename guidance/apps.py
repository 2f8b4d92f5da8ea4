from django.apps import AppConfig


class GuidanceConfig(AppConfig):
    name = "guidance"
    verbose_name = "Guidance"

    def ready(self) -> None:
        # Content is validated at start-up, not at 3 a.m. (STYLE §6): a broken activity,
        # weekly message or plan text stops the app here with the file and field named.
        from planner import default_library, default_plan_texts

        from .content import messages

        default_library()
        default_plan_texts()
        messages()
