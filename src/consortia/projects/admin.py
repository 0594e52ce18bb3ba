"""The operator's raw view of projects and rates. Status, partners and rates change on the pages,
through the services (which derive countries and the search document and write the audit log);
here they are read-only."""

from django.contrib import admin

from .models import BudgetLine, ExchangeRate, Milestone, Partner, Project


class PartnerInline(admin.TabularInline):
    model = Partner
    extra = 0
    can_delete = False
    readonly_fields = ["organisation", "state", "role"]

    def has_add_permission(self, request: object, obj: object = None) -> bool:
        return False


class BudgetLineInline(admin.TabularInline):
    model = BudgetLine
    extra = 0
    raw_id_fields = ["funder"]


class MilestoneInline(admin.TabularInline):
    model = Milestone
    extra = 0


@admin.register(Project)
class ProjectAdmin(admin.ModelAdmin):
    list_display = ["title", "status", "visibility", "starts_on", "ends_on", "created_at"]
    list_filter = ["status", "visibility"]
    search_fields = ["title", "public_id"]
    readonly_fields = ["public_id", "status", "created_by", "created_at", "updated_at"]
    raw_id_fields = ["agreements", "commitments"]
    filter_horizontal = ["topics", "countries"]
    inlines = [PartnerInline, BudgetLineInline, MilestoneInline]


@admin.register(ExchangeRate)
class ExchangeRateAdmin(admin.ModelAdmin):
    list_display = ["on", "currency", "into", "rate", "entered_by", "entered_at"]
    list_filter = ["currency", "into"]
    date_hierarchy = "on"
    readonly_fields = ["currency", "into", "rate", "on", "entered_by", "entered_at"]

    def has_add_permission(self, request: object) -> bool:
        return False  # entered at /operator/rates/, which records who entered it
