from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import ApiToken, User


@admin.register(User)
class UserAdmin(admin.ModelAdmin):
    list_display = ["email", "is_active", "is_staff", "date_joined"]
    search_fields = ["email"]
    list_filter = ["is_staff", "is_active"]
    exclude = ["password"]
    # Suspending ends the account's sessions and is audited: the operator console's service
    # does it, not a checkbox here. Erasure is the person's own (accounts.services).
    readonly_fields = ["is_active", "erased_at", "suspension"]

    @admin.display(description=_("Suspension"))
    def suspension(self, obj: User) -> str:
        return str(
            _(
                "Suspend accounts on the operator console: it ends their sessions, stops their "
                "API tokens and keeps an audit record."
            )
        )


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["name", "user", "hint", "created_at", "last_used_at", "revoked_at"]
    readonly_fields = ["key_hash", "hint"]
