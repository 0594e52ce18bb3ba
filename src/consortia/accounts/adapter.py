from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from django.http import HttpRequest
from django.utils import translation


class AccountAdapter(DefaultAccountAdapter):
    def save_user(self, request: HttpRequest, user: Any, form: Any, commit: bool = True) -> Any:
        from consortia.directory.services import create_person

        user = super().save_user(request, user, form, commit=commit)
        if commit:
            create_person(
                user,
                full_name=form.cleaned_data.get("full_name", ""),
                ui_language=translation.get_language() or "en",
            )
        return user

    def send_mail(self, template_prefix: str, email: str, context: dict[str, Any]) -> None:
        # Mail goes out in the recipient's UI language when we know it.
        from consortia.directory.selectors import ui_language_for_email

        with translation.override(ui_language_for_email(email) or translation.get_language()):
            super().send_mail(template_prefix, email, context)
