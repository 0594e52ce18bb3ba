"""Recording joint projects, linking them to agreements, and moving them through their life:
one service per transition."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from consortia.agreements.models import Agreement, Commitment
from consortia.agreements.selectors import agreements_visible_to
from consortia.core import audit, search
from consortia.core.money import Money
from consortia.core.permissions import NotPermitted, require
from consortia.directory.models import Country, Topic
from consortia.directory.services.validation import (
    Participant,
    clean_fields,
    invalid,
    optional_date,
    optional_url,
    require_language,
    require_participants,
    require_text,
    require_topics,
)

from .. import policies
from ..models import Partner, PartnerRole, Project, ProjectStatus, Visibility


@dataclass(frozen=True)
class PartnerIn(Participant):
    """A partner to record: an organisation, or a state (ISO country code), with its role."""

    role: str = PartnerRole.PARTNER


_EDITABLE = {
    "title": lambda v: require_text("title", v, max_length=300),
    "summary": lambda v: (v or "").strip(),
    "language": lambda v: require_language("language", v),
    "visibility": lambda v: (
        v if v in Visibility.values else invalid("visibility", _("Choose public or partners only."))
    ),
    "topics": lambda v: require_topics("topics", v),
    "source_url": lambda v: optional_url("source_url", v),
    "starts_on": optional_date("starts_on"),
    "ends_on": optional_date("ends_on"),
}


def _clean(values: dict[str, Any]) -> dict[str, Any]:
    cleaned = clean_fields(values, _EDITABLE, kind="project")
    starts, ends = cleaned.get("starts_on"), cleaned.get("ends_on")
    if starts and ends and ends < starts:
        raise ValidationError({"ends_on": _("The project ends before it starts.")})
    return cleaned


def _clean_partners(partners: Sequence[Participant]) -> list[Partner]:
    rows = [
        Partner(organisation=organisation, state=state, role=role)
        for organisation, state, role in require_participants(
            "partners", partners, roles=PartnerRole.values
        )
    ]
    if not any(row.role == PartnerRole.LEAD for row in rows):
        raise ValidationError({"partners": _("Name the partner that leads the project.")})
    return rows


def _document(project: Project, topics: Sequence[Topic], partners: Sequence[Partner]) -> str:
    return search.build_document(
        project.title,
        project.summary,
        [t.label_en for t in topics] + [t.label_ru for t in topics] + [t.label_zh for t in topics],
        [p.organisation.name for p in partners if p.organisation is not None],
        [
            name
            for p in partners
            if p.state is not None
            for name in (p.state.name_en, p.state.name_ru, p.state.name_zh)
        ],
    )


def _refresh_derived(project: Project) -> None:
    """Countries from the partners, and the search document."""
    partners = list(project.partners.select_related("organisation", "state"))
    project.countries.set(Country.objects.filter(code__in={p.country_id_of for p in partners}))
    project.search_document = _document(project, list(project.topics.all()), partners)
    project.save(update_fields=["search_document"])


def _links(
    by: Any, agreements: Sequence[Agreement], commitments: Sequence[Commitment]
) -> tuple[list[Agreement], list[Commitment]]:
    """Only agreements the recorder may see; commitments only of those agreements."""
    agreement_ids = {a.pk for a in agreements}
    visible = set(
        agreements_visible_to(by).filter(pk__in=agreement_ids).values_list("pk", flat=True)
    )
    if visible != agreement_ids:
        raise ValidationError({"agreements": _("Link only agreements you can see.")})
    for commitment in commitments:
        if commitment.agreement_id not in agreement_ids:
            raise ValidationError(
                {"commitments": _("Link only commitments of the linked agreements.")}
            )
    return list(agreements), list(commitments)


def _require_edit(project: Project, by: Any) -> None:
    require(
        policies.can_edit_project(by, project),
        _("Only the operator or a partner's admins change a project."),
    )


def record_project(
    *,
    by: Any,
    title: str,
    language: str,
    partners: Sequence[Participant],
    summary: str = "",
    visibility: str = Visibility.PUBLIC,
    topics: Sequence[Topic | str] = (),
    source_url: str = "",
    starts_on: date | None = None,
    ends_on: date | None = None,
    agreements: Sequence[Agreement] = (),
    commitments: Sequence[Commitment] = (),
) -> Project:
    """A new proposed project. An organisation's admin records only projects their organisation
    is a partner in; the operator records any."""
    require(
        policies.can_record_project(by),
        _("Only the operator or an organisation's admins record projects."),
    )
    cleaned = _clean(
        dict(
            title=title,
            summary=summary,
            language=language,
            visibility=visibility,
            topics=topics,
            source_url=source_url,
            starts_on=starts_on,
            ends_on=ends_on,
        )
    )
    partner_rows = _clean_partners(partners)
    linked_agreements, linked_commitments = _links(by, agreements, commitments)
    topic_objects = cleaned.pop("topics")
    with transaction.atomic():
        project = Project.objects.create(created_by=by, **cleaned)
        for partner in partner_rows:
            partner.project = project
        Partner.objects.bulk_create(partner_rows)
        project.topics.set(topic_objects)
        project.agreements.set(linked_agreements)
        project.commitments.set(linked_commitments)
        if not policies.can_edit_project(by, project):
            raise NotPermitted(_("Record only projects your organisation is a partner in."))
        _refresh_derived(project)
        audit.record(
            "project.recorded",
            actor=by,
            target=project,
            data={"partners": len(partner_rows), "agreements": len(linked_agreements)},
        )
    return project


def change_project(project: Project, *, by: Any, **values: Any) -> Project:
    """Change the project's description, dates, visibility or areas."""
    _require_edit(project, by)
    current = {field: getattr(project, field) for field in _EDITABLE if field != "topics"}
    current["topics"] = list(project.topics.all())
    cleaned = _clean({**current, **values})
    topic_objects = cleaned.pop("topics")
    with transaction.atomic():
        for field, value in cleaned.items():
            setattr(project, field, value)
        project.save(update_fields=[*cleaned])
        project.topics.set(topic_objects)
        _refresh_derived(project)
        audit.record("project.changed", actor=by, target=project, data={"fields": sorted(values)})
    return project


def set_partners(project: Project, *, by: Any, partners: Sequence[Participant]) -> Project:
    """Replace the partners. The one who changes them must stay able to change them."""
    _require_edit(project, by)
    rows = _clean_partners(partners)
    with transaction.atomic():
        kept = {(p.organisation_id, p.state_id): p for p in project.partners.all()}
        wanted = {(r.organisation.pk if r.organisation else None, r.state_id): r for r in rows}
        project.partners.exclude(pk__in=[p.pk for k, p in kept.items() if k in wanted]).delete()
        for key, row in wanted.items():
            if key in kept:
                Partner.objects.filter(pk=kept[key].pk).update(role=row.role)
            else:
                row.project = project
                row.save()
        if hasattr(project, "_prefetched_objects_cache"):
            project._prefetched_objects_cache.pop("partners", None)
        if not policies.can_edit_project(by, project):
            raise NotPermitted(_("You would no longer be a partner of this project."))
        _refresh_derived(project)
        audit.record("project.partners_set", actor=by, target=project, data={"count": len(rows)})
    return project


def link_agreements(
    project: Project,
    *,
    by: Any,
    agreements: Sequence[Agreement],
    commitments: Sequence[Commitment] = (),
) -> Project:
    """Say which agreements (and which of their commitments) the project carries out. Links to
    agreements the editor cannot see are kept as they are."""
    _require_edit(project, by)
    linked_agreements, linked_commitments = _links(by, agreements, commitments)
    hidden = project.agreements.exclude(pk__in=agreements_visible_to(by).values("pk"))
    with transaction.atomic():
        project.agreements.set([*linked_agreements, *hidden])
        hidden_commitments = project.commitments.filter(agreement__in=hidden)
        project.commitments.set([*linked_commitments, *hidden_commitments])
        audit.record(
            "project.linked",
            actor=by,
            target=project,
            data={"agreements": [a.pk for a in linked_agreements]},
        )
    return project


def _move(
    project: Project, *, by: Any, allowed_from: set[str], to: str, action: str, **fields: Any
) -> Project:
    """Move the project to ``to`` if it is in one of ``allowed_from``; never check-then-act."""
    _require_edit(project, by)
    with transaction.atomic():
        current = Project.objects.select_for_update().get(pk=project.pk)
        if current.status not in allowed_from:
            raise ValidationError(
                {
                    "status": _("A project that is %(status)s cannot become %(target)s.")
                    % {
                        "status": ProjectStatus(current.status).label,
                        "target": ProjectStatus(to).label,
                    }
                }
            )
        previous = current.status
        current.status = to
        for field, value in fields.items():
            setattr(current, field, value)
        current.save(update_fields=["status", *fields])
        audit.record(
            action,
            actor=by,
            target=current,
            data={"from": previous, "to": to, **{k: str(v) for k, v in fields.items()}},
        )
    project.refresh_from_db()
    return project


def start_project(project: Project, *, by: Any, starts_on: date | None = None) -> Project:
    """Proposed → active, from ``starts_on`` (or the planned start)."""
    _require_edit(project, by)
    start = starts_on or project.starts_on
    if start is None:
        raise ValidationError({"starts_on": _("Enter the date the project starts.")})
    if project.ends_on and start > project.ends_on:
        raise ValidationError({"starts_on": _("The project would start after it ends.")})
    return _move(
        project,
        by=by,
        allowed_from={ProjectStatus.PROPOSED},
        to=ProjectStatus.ACTIVE,
        action="project.started",
        starts_on=start,
    )


def _money_fields(prefix: str, money: Money | None) -> dict[str, Any]:
    if money is not None and (not isinstance(money, Money) or money.amount < 0):
        raise ValidationError({prefix: _("Enter an amount of zero or more with its currency.")})
    return {
        f"{prefix}_amount": money.amount if money else None,
        f"{prefix}_currency": money.currency if money else "",
    }


def complete_project(
    project: Project,
    *,
    by: Any,
    result: str,
    ends_on: date | None = None,
    contracts_signed: int | None = None,
    contracts_value: Money | None = None,
    follow_on_investment: Money | None = None,
) -> Project:
    """Active → completed, with its outcome: what came of it, contracts and their value,
    and investment that followed."""
    _require_edit(project, by)
    result = require_text("result", result, max_length=5000)
    if contracts_signed is not None and (
        not isinstance(contracts_signed, int) or contracts_signed < 0
    ):
        raise ValidationError({"contracts_signed": _("Enter a whole number of zero or more.")})
    end = ends_on or project.ends_on
    if end and project.starts_on and end < project.starts_on:
        raise ValidationError({"ends_on": _("The project ends before it starts.")})
    return _move(
        project,
        by=by,
        allowed_from={ProjectStatus.ACTIVE},
        to=ProjectStatus.COMPLETED,
        action="project.completed",
        result=result,
        ends_on=end,
        contracts_signed=contracts_signed,
        **_money_fields("contracts", contracts_value),
        **_money_fields("investment", follow_on_investment),
    )


def cancel_project(project: Project, *, by: Any, reason: str) -> Project:
    """Proposed or active → cancelled, saying why."""
    _require_edit(project, by)
    return _move(
        project,
        by=by,
        allowed_from={ProjectStatus.PROPOSED, ProjectStatus.ACTIVE},
        to=ProjectStatus.CANCELLED,
        action="project.cancelled",
        cancellation_reason=require_text("reason", reason, max_length=2000),
    )
