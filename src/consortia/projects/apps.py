from django.apps import AppConfig


class ProjectsConfig(AppConfig):
    name = "consortia.projects"
    label = "projects"
    verbose_name = "Projects"
