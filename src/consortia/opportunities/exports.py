"""The owner's export of the applications received, one row per submitted application.

Who may export: the owner's admins (owners and admins of the owner organisation) — they manage
the opportunity (``policies.can_manage``) *and* see its submitted applications
(``selectors.applications_for_review``). Everyone else is refused with 404 (``NotVisible``),
as for any confidential object, rather than given an empty file that would read as "nobody
applied":

- the operator manages every opportunity but, applications being confidential, sees none;
- an assigned reviewer sees the applications but does not manage the opportunity;
- other organisations, applicants and anonymous visitors neither manage nor see.

The rows come only from ``applications_for_review`` (never drafts or withdrawn applications),
in the order of the ranking on the applications page. Files answered are named, never included.
"""

from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from django.db.models import Prefetch
from django.utils.translation import gettext as _

from consortia.core.permissions import NotVisible
from consortia.directory import policies as directory_policies

from . import policies, selectors
from .models import Answer, Application, FieldKind, FormField, Opportunity


@dataclass(frozen=True)
class ApplicationExport:
    """The heading row and one row of plain values (text, numbers) per application."""

    header: list[str]
    rows: list[list[Any]]

    def table(self) -> list[list[Any]]:
        """The heading row, then the rows: what a CSV file holds."""
        return [self.header, *self.rows]


def may_export(user: Any, opportunity: Opportunity) -> bool:
    """The owner's admins: they manage the opportunity and see its applications."""
    membership = directory_policies.memberships_by_organisation(user).get(opportunity.owner_id)
    return (
        policies.can_manage(user, opportunity) and membership is not None and membership.can_manage
    )


def _utc(moment: datetime | None) -> str:
    return moment.astimezone(UTC).isoformat() if moment is not None else ""


def _answer(field: FormField, answer: Answer | None) -> Any:
    if answer is None:
        return ""
    if field.kind == FieldKind.FILE:
        return answer.original_name
    if field.kind == FieldKind.NUMBER:
        return answer.number if answer.number is not None else ""
    if field.kind == FieldKind.MONEY:
        return f"{answer.number} {answer.currency}" if answer.number is not None else ""
    return answer.text


def _engagement(application: Application) -> list[Any]:
    engagement = getattr(application, "engagement", None)
    if engagement is None:
        return ["", "", ""]
    amount: Decimal | str = (
        engagement.contract_amount if engagement.contract_amount is not None else ""
    )
    return [engagement.get_kind_display(), amount, engagement.contract_currency]


def application_export_rows(user: Any, opportunity: Opportunity) -> ApplicationExport:
    """The submitted applications of ``opportunity`` the owner's admin ``user`` sees, ranked.

    Raises ``NotVisible`` (404) for anyone but the owner's admins (see the module's notes)."""
    if not may_export(user, opportunity):
        raise NotVisible()
    fields = list(FormField.objects.filter(opportunity=opportunity))
    applications = list(
        selectors.applications_for_review(user, opportunity)
        .select_related("engagement")
        .prefetch_related(Prefetch("answers", queryset=Answer.objects.order_by("id")))
    )
    header = [
        _("Applicant"),
        _("Country"),
        _("Kind"),
        _("Stage"),
        _("Status"),
        _("Submitted at (UTC)"),
        _("Decided at (UTC)"),
        _("Reason given to the applicant"),
        _("Weighted score"),
        _("Reviewers"),
        *(field.label for field in fields),
        _("Engagement"),
        _("Contract value"),
        _("Contract currency"),
    ]
    rows = []
    for ranked in selectors.ranking(opportunity, applications):
        application = ranked.application
        applicant = application.applicant
        answers = {answer.field_id: answer for answer in application.answers.all()}
        rows.append(
            [
                applicant.name,
                applicant.country.name if applicant.country_id else "",
                applicant.get_kind_display(),
                applicant.get_stage_display() if applicant.stage else "",
                application.get_status_display(),
                _utc(application.submitted_at),
                _utc(application.decided_at),
                application.decision_reason,
                ranked.score if ranked.score is not None else "",
                ranked.reviewers,
                *(_answer(field, answers.get(field.pk)) for field in fields),
                *_engagement(application),
            ]
        )
    return ApplicationExport(header=[str(name) for name in header], rows=rows)
