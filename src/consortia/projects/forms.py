"""Forms parse and display; the services validate again and do the writing."""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from consortia.agreements.models import Agreement, Commitment
from consortia.agreements.selectors import agreements_visible_to, commitments_visible_to
from consortia.core.forms import DATE, MultipleFileField, money_from
from consortia.core.multilingual import CONTENT_LANGUAGES
from consortia.directory.forms import country_choices, topic_choices
from consortia.directory.models import Organisation, VerificationStatus

from .models import Partner, PartnerRole, Project, ProjectStatus, Visibility
from .selectors import ProjectFilters
from .services import PartnerIn


class ProjectFilterForm(forms.Form):
    """Filters of the project list; unknown values are errors, not silently ignored."""

    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    country = forms.ChoiceField(label=_("Country"), required=False)
    partner = forms.ChoiceField(label=_("with country"), required=False)
    year = forms.IntegerField(label=_("Year"), required=False, min_value=1900, max_value=2100)
    topic = forms.ChoiceField(label=_("Area"), required=False)
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Any")), *ProjectStatus.choices]
    )
    role = forms.ChoiceField(
        label=_("Role"), required=False, choices=[("", _("Any")), *PartnerRole.choices]
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        countries = country_choices()
        self.fields["country"].choices = [("", _("Any")), *countries]
        self.fields["partner"].choices = [("", _("Any")), *countries]
        self.fields["topic"].choices = [("", _("Any")), *topic_choices()]

    def filters(self) -> ProjectFilters:
        data = self.cleaned_data
        return ProjectFilters(
            q=data["q"].strip(),
            country=data["country"],
            partner=data["partner"],
            year=data["year"],
            topic=data["topic"],
            status=data["status"],
            role=data["role"],
        )


def _role(text: str) -> str | None:
    """A role given by its code or its label (any case); None when unknown."""
    wanted = " ".join(text.replace("_", " ").split()).casefold()
    for code, label in PartnerRole.choices:
        if wanted in {code.replace("_", " "), str(label).casefold()}:
            return code
    return None


def _lines_with_roles(text: str) -> tuple[list[tuple[str, str]], list[str]]:
    """``name | role`` lines (the role defaults to partner), and the lines with an unknown role."""
    rows, unknown = [], []
    for line in (raw.strip() for raw in text.splitlines()):
        if not line:
            continue
        name, separator, role_text = line.rpartition("|")
        if not separator:
            rows.append((line, PartnerRole.PARTNER.value))
            continue
        role = _role(role_text)
        if role is None:
            unknown.append(line)
        else:
            rows.append((name.strip(), role))
    return rows, unknown


ROLES_HELP = _("Roles: lead, partner, funder, pilot site. Without a role: partner.")


class PartnersForm(forms.Form):
    """Partner organisations by their name in the directory, and states by ISO code; each line
    optionally followed by “|” and the role."""

    organisations = forms.CharField(
        label=_("Partner organisations"),
        required=False,
        help_text=format_lazy(
            "{} {}",
            _("One per line, the name as in the directory, e.g. “Alpha Robotics | lead”."),
            ROLES_HELP,
        ),
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    states = forms.CharField(
        label=_("States taking part"),
        required=False,
        help_text=format_lazy(
            "{} {}", _("One per line, the ISO country code, e.g. “KZ | funder”."), ROLES_HELP
        ),
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def clean_organisations(self) -> list[tuple[Organisation, str]]:
        rows, bad_roles = _lines_with_roles(self.cleaned_data["organisations"])
        found: list[tuple[Organisation, str]] = []
        unknown = []
        for name, role in rows:
            matches = list(
                Organisation.objects.filter(
                    name__iexact=name, verification_status=VerificationStatus.VERIFIED
                )[:2]
            )
            if len(matches) == 1:
                found.append((matches[0], role))
            else:
                unknown.append(name)
        errors = []
        if unknown:
            errors.append(
                ValidationError(
                    _("Not exactly one verified organisation has this name: %(names)s.")
                    % {"names": "; ".join(unknown)}
                )
            )
        if bad_roles:
            errors.append(
                ValidationError(_("Unknown role in: %(lines)s.") % {"lines": "; ".join(bad_roles)})
            )
        if errors:
            raise ValidationError(errors)
        return found

    def clean_states(self) -> list[tuple[str, str]]:
        rows, bad_roles = _lines_with_roles(self.cleaned_data["states"])
        if bad_roles:
            raise ValidationError(
                _("Unknown role in: %(lines)s.") % {"lines": "; ".join(bad_roles)}
            )
        return [(code.upper(), role) for code, role in rows]

    def partners(self) -> list[PartnerIn]:
        data = self.cleaned_data
        return [PartnerIn(organisation=o, role=role) for o, role in data["organisations"]] + [
            PartnerIn(state=code, role=role) for code, role in data["states"]
        ]

    @staticmethod
    def initial_for_partners(partners: list[Partner]) -> dict[str, str]:
        def line(name: str, partner: Partner) -> str:
            return name if partner.role == PartnerRole.PARTNER else f"{name} | {partner.role}"

        return {
            "organisations": "\n".join(
                line(p.organisation.name, p) for p in partners if p.organisation is not None
            ),
            "states": "\n".join(line(p.state_id, p) for p in partners if p.state_id),
        }


class ProjectForm(forms.Form):
    """What a project is: changed with ``change_project``."""

    title = forms.CharField(label=_("Title"), max_length=300)
    language = forms.ChoiceField(
        label=_("Language of the title and summary"), choices=CONTENT_LANGUAGES
    )
    summary = forms.CharField(
        label=_("Summary"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    topics = forms.MultipleChoiceField(
        label=_("Areas"), required=False, widget=forms.SelectMultiple(attrs={"size": 6})
    )
    visibility = forms.ChoiceField(label=_("Visibility"), choices=Visibility.choices)
    starts_on = forms.DateField(label=_("Starts on"), required=False, widget=DATE)
    ends_on = forms.DateField(label=_("Ends on"), required=False, widget=DATE)
    source_url = forms.URLField(label=_("Source"), required=False, assume_scheme="https")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["topics"].choices = topic_choices()

    @staticmethod
    def initial_for_project(project: Project) -> dict[str, Any]:
        return {
            "title": project.title,
            "language": project.language,
            "summary": project.summary,
            "topics": [topic.code for topic in project.topics.all()],
            "visibility": project.visibility,
            "starts_on": project.starts_on,
            "ends_on": project.ends_on,
            "source_url": project.source_url,
        }

    def changes(self) -> dict[str, Any]:
        """Only the fields the person changed."""
        return {name: self.cleaned_data[name] for name in self.changed_data}


class RecordProjectForm(PartnersForm, ProjectForm):
    """A new project: what it is, who carries it out, and which agreements it puts into practice."""

    agreements = forms.ModelMultipleChoiceField(
        label=_("Agreements it carries out"),
        queryset=Agreement.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )

    field_order = [
        "title",
        "language",
        "summary",
        "organisations",
        "states",
        "topics",
        "visibility",
        "starts_on",
        "ends_on",
        "source_url",
        "agreements",
    ]

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        agreements: Any = self.fields["agreements"]
        agreements.queryset = agreements_visible_to(user).order_by("title")

    def service_arguments(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data.pop("organisations")
        data.pop("states")
        return {**data, "agreements": list(data["agreements"]), "partners": self.partners()}


class _CommitmentChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.agreement.title} — {obj.text[:80]}"


class LinkForm(forms.Form):
    """Which agreements, and which of their commitments, the project carries out."""

    agreements = forms.ModelMultipleChoiceField(
        label=_("Agreements it carries out"),
        queryset=Agreement.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    commitments = _CommitmentChoice(
        label=_("Commitments it carries out"),
        queryset=Commitment.objects.none(),
        required=False,
        help_text=_("Commitments of the agreements already linked."),
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )

    def __init__(self, *args: Any, user: Any, project: Project, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        agreements: Any = self.fields["agreements"]
        agreements.queryset = agreements_visible_to(user).order_by("title")
        commitments: Any = self.fields["commitments"]
        commitments.queryset = (
            commitments_visible_to(user)
            .filter(agreement__projects=project)
            .select_related("agreement")
            .order_by("agreement__title", "position", "id")
        )
        self.initial.setdefault("agreements", [a.pk for a in project.agreements.all()])
        self.initial.setdefault("commitments", [c.pk for c in project.commitments.all()])

    def service_arguments(self) -> dict[str, Any]:
        return {
            "agreements": list(self.cleaned_data["agreements"]),
            "commitments": list(self.cleaned_data["commitments"]),
        }


class StartForm(forms.Form):
    starts_on = forms.DateField(
        label=_("Started on"),
        required=False,
        widget=DATE,
        help_text=_("Leave blank for the planned start."),
    )


class CompleteForm(forms.Form):
    """The outcome recorded when the project completes."""

    result = forms.CharField(
        label=_("What came of it"), max_length=5000, widget=forms.Textarea(attrs={"rows": 4})
    )
    ends_on = forms.DateField(
        label=_("Ended on"),
        required=False,
        widget=DATE,
        help_text=_("Leave blank for the planned end."),
    )
    contracts_signed = forms.IntegerField(label=_("Contracts signed"), required=False, min_value=0)
    contracts_amount = forms.DecimalField(
        label=_("Value of the contracts"),
        required=False,
        min_value=0,
        max_digits=20,
        decimal_places=2,
    )
    contracts_currency = forms.CharField(
        label=_("Currency of the contracts"), required=False, max_length=3
    )
    investment_amount = forms.DecimalField(
        label=_("Follow-on investment"),
        required=False,
        min_value=0,
        max_digits=20,
        decimal_places=2,
    )
    investment_currency = forms.CharField(
        label=_("Currency of the investment"), required=False, max_length=3
    )

    def service_arguments(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "result": data["result"],
            "ends_on": data["ends_on"],
            "contracts_signed": data["contracts_signed"],
            **self.money,
        }

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        self.money = {
            **money_from(self, "contracts_amount", "contracts_currency", "contracts_value"),
            **money_from(self, "investment_amount", "investment_currency", "follow_on_investment"),
        }
        return cleaned


class CancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class BudgetLineForm(forms.Form):
    label = forms.CharField(label=_("What for"), max_length=300)
    amount = forms.DecimalField(label=_("Amount"), min_value=0, max_digits=20, decimal_places=2)
    currency = forms.CharField(
        label=_("Currency"), max_length=3, help_text=_("ISO 4217 code, e.g. RUB, USD, CNY.")
    )
    funder = forms.ChoiceField(label=_("From"), required=False)

    def __init__(self, *args: Any, partners: list[Partner], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.partners = {str(partner.pk): partner for partner in partners}
        self.fields["funder"].choices = [("", "—")] + [(str(p.pk), str(p)) for p in partners]

    def clean_funder(self) -> Partner | None:
        return self.partners.get(self.cleaned_data["funder"])


class MilestoneForm(forms.Form):
    title = forms.CharField(label=_("Milestone"), max_length=300)
    due_on = forms.DateField(label=_("Due on"), required=False, widget=DATE)


class ReachForm(forms.Form):
    done_on = forms.DateField(
        label=_("Reached on"), required=False, widget=DATE, help_text=_("Leave blank for today.")
    )


class UpdateForm(forms.Form):
    text = forms.CharField(
        label=_("How the project is going"),
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    files = MultipleFileField(
        label=_("Attach files"),
        required=False,
        help_text=_("PDF, office documents, images or plain text; several at once if you like."),
    )


class RateForm(forms.Form):
    """One unit of ``currency`` is worth ``rate`` units of ``into`` on ``on``."""

    currency = forms.CharField(label=_("One unit of"), max_length=3)
    into = forms.CharField(label=_("is worth, in"), max_length=3)
    rate = forms.DecimalField(label=_("Rate"), max_digits=20, decimal_places=8)
    on = forms.DateField(label=_("On"), widget=DATE)
