from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "consortia.events"
    label = "events"
    verbose_name = "Events"

    def ready(self) -> None:
        # Importing these registers the app's notification kinds (events, then B2B sessions).
        from . import notifications, notifications_b2b  # noqa: F401
