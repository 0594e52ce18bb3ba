from django.apps import AppConfig


class MessagingConfig(AppConfig):
    name = "consortia.messaging"
    label = "messaging"
    verbose_name = "Messaging"

    def ready(self) -> None:
        from . import notifications  # noqa: F401  (registers this app's notification kinds)
