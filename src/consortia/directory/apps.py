from django.apps import AppConfig


class DirectoryConfig(AppConfig):
    name = "consortia.directory"
    label = "directory"
    verbose_name = "Directory"

    def ready(self) -> None:
        from . import notifications  # noqa: F401  (registers this app's notification kinds)
