"""The operator's raw view of opportunities and pilot sites. Status changes on the pages,
through the services (which keep the search document and write the audit log). Applications,
answers and scores are confidential to the applicant and the owner's reviewers, so they are not
in the admin at all."""

from django.contrib import admin

from .models import Opportunity, PilotSite


@admin.register(Opportunity)
class OpportunityAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "owner", "status", "opens_at", "closes_at"]
    list_filter = ["kind", "status"]
    search_fields = ["title", "public_id"]
    readonly_fields = ["public_id", "status", "created_by", "search_document"]
    raw_id_fields = ["owner", "pilot_site"]
    filter_horizontal = ["topics", "eligible_countries", "eligible_topics"]


@admin.register(PilotSite)
class PilotSiteAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "owner", "country", "city"]
    list_filter = ["kind"]
    search_fields = ["name"]
    raw_id_fields = ["owner"]
    filter_horizontal = ["topics"]
