from django.apps import AppConfig


class AgreementsConfig(AppConfig):
    name = "consortia.agreements"
    label = "agreements"
    verbose_name = "Agreements"

    def ready(self) -> None:
        from . import notifications  # noqa: F401  (registers this app's notification kinds)
