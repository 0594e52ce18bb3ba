from django.apps import AppConfig


class OpportunitiesConfig(AppConfig):
    name = "consortia.opportunities"
    label = "opportunities"
    verbose_name = "Opportunities"
