from django.apps import AppConfig


class OpportunitiesConfig(AppConfig):
    name = "consortia.opportunities"
    label = "opportunities"
    verbose_name = "Opportunities"

    def ready(self) -> None:
        from . import notifications  # noqa: F401  (registers this app's notification kinds)
