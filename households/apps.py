from django.apps import AppConfig


class HouseholdsConfig(AppConfig):
    name = "households"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from nestling.middleware import remember_language

        # The language a person chose goes into their session as they log in, so that no
        # request after it pays a query to find it (nestling.middleware).
        user_logged_in.connect(remember_language, dispatch_uid="nestling-remember-language")
