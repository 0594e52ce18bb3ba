from django.apps import AppConfig


class MatchingConfig(AppConfig):
    name = "consortia.matching"
    label = "matching"
    verbose_name = "Matching"

    def ready(self) -> None:
        from . import notifications  # noqa: F401  (registers this app's notification kinds)
