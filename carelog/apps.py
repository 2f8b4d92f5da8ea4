from django.apps import AppConfig


class CarelogConfig(AppConfig):
    name = "carelog"
