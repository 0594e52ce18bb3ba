"""Applying: a draft with answers to the owner's form, then submission inside the window and
only when eligible; review by the assigned reviewers; the owner's decision."""

from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from consortia.core import audit, clock
from consortia.core.money import is_currency
from consortia.core.permissions import NotPermitted, require
from consortia.core.uploads import atomic_with_files, check_upload
from consortia.directory.models import Organisation

from .. import notifications, policies, selectors
from ..models import (
    Answer,
    Application,
    ApplicationStatus,
    Criterion,
    FieldKind,
    FormField,
    Opportunity,
    OpportunityStatus,
    Reviewer,
    Score,
)


def _refuse(field: str, message: str) -> ValidationError:
    return ValidationError({field: message})


def start_application(
    opportunity: Opportunity, *, by: Any, applicant: Organisation, accept_nda: bool = False
) -> Application:
    """A draft application of ``applicant``; the non-disclosure terms, if any, are accepted
    first. One application per organisation and opportunity."""
    require(
        policies.can_apply_for(by, applicant),
        _("Only members of the organisation apply on its behalf."),
    )
    if opportunity.owner_id == applicant.pk:
        raise _refuse("applicant", _("An organisation does not apply to its own opportunity."))
    if opportunity.status != OpportunityStatus.PUBLISHED:
        raise _refuse("status", _("This opportunity does not take applications."))
    if opportunity.nda_text and not accept_nda:
        raise _refuse("accept_nda", _("Accept the non-disclosure terms to apply."))
    try:
        with transaction.atomic():
            application = Application.objects.create(
                opportunity=opportunity,
                applicant=applicant,
                nda_accepted_at=clock.now() if opportunity.nda_text else None,
            )
            audit.record(
                "application.started",
                actor=by,
                target=application,
                organisation_id=applicant.pk,
            )
    except IntegrityError:
        raise _refuse("applicant", _("Your organisation has already applied.")) from None
    return application


def _clean_answer(field: FormField, value: Any) -> dict[str, Any]:
    """The columns of an answer to ``field``; an empty value clears it."""
    name = f"field_{field.pk}"
    if field.kind in (FieldKind.TEXT, FieldKind.LONG_TEXT):
        limit = 300 if field.kind == FieldKind.TEXT else 20_000
        text = str(value or "").strip()
        if len(text) > limit:
            raise _refuse(name, _("At most %(max)d characters.") % {"max": limit})
        return {"text": text}
    if field.kind == FieldKind.CHOICE:
        text = str(value or "")
        if text and text not in field.choices:
            raise _refuse(name, _("Choose one of the choices given."))
        return {"text": text}
    if field.kind in (FieldKind.NUMBER, FieldKind.MONEY):
        amount, currency = value if isinstance(value, tuple) else (value, "")
        if amount in (None, ""):
            return {"number": None, "currency": ""}
        try:
            number = Decimal(str(amount))
        except InvalidOperation:
            raise _refuse(name, _("Enter a number.")) from None
        if not number.is_finite() or abs(number) >= Decimal("1e17"):
            raise _refuse(name, _("Enter a number."))
        if field.kind == FieldKind.MONEY:
            currency = (currency or "").strip().upper()
            if number < 0 or not is_currency(currency):
                raise _refuse(name, _("Enter an amount of zero or more and its currency."))
        return {"number": number.quantize(Decimal("0.01")), "currency": currency}
    raise _refuse(name, _("Attach a file."))


def save_answers(
    application: Application,
    *,
    by: Any,
    values: Mapping[int, Any] = {},
    files: Mapping[int, UploadedFile] = {},
) -> Application:
    """Save answers of a draft: ``values`` by form-field id (money as ``(amount, currency)``),
    ``files`` by form-field id for file questions. All or nothing."""
    require(
        policies.can_edit_application(by, application),
        _("Only members of the applicant organisation change its application."),
    )
    if application.status != ApplicationStatus.DRAFT:
        raise _refuse("status", _("Only a draft can be changed."))
    fields = {f.pk: f for f in application.opportunity.fields.all()}
    unknown = [pk for pk in [*values, *files] if pk not in fields]
    if unknown:
        raise _refuse(
            "answers",
            _("These questions are not in the form: %(ids)s.")
            % {"ids": ", ".join(map(str, unknown))},
        )
    cleaned = {pk: _clean_answer(fields[pk], value) for pk, value in values.items()}
    for pk in files:
        if fields[pk].kind != FieldKind.FILE:
            raise _refuse(f"field_{pk}", _("This question does not take a file."))
    checked = {pk: check_upload(upload, field=f"field_{pk}") for pk, upload in files.items()}
    replaced: list[str] = []
    with atomic_with_files() as saved:
        for pk, columns in cleaned.items():
            Answer.objects.update_or_create(application=application, field_id=pk, defaults=columns)
        for pk, item in checked.items():
            previous = Answer.objects.filter(application=application, field_id=pk).first()
            if previous is not None and previous.file:
                replaced.append(str(previous.file.name))
                previous.delete()
            answer = Answer(
                application=application,
                field_id=pk,
                original_name=item.name,
                content_type=item.content_type,
                size=item.size,
            )
            answer.file.save(item.name, item.upload, save=False)
            saved.append(answer)
            answer.save()
        audit.record(
            "application.answers_saved",
            actor=by,
            target=application,
            organisation_id=application.applicant_id,
            data={"answers": len(cleaned), "files": len(checked)},
        )
        storage = Answer._meta.get_field("file").storage  # type: ignore[attr-defined]

        def remove_replaced() -> None:
            for name in replaced:
                storage.delete(name)

        transaction.on_commit(remove_replaced)
    return application


def _missing_answers(application: Application) -> list[FormField]:
    answers = {a.field_id: a for a in application.answers.all()}
    missing = []
    for field in application.opportunity.fields.all():
        if not field.required:
            continue
        answer = answers.get(field.pk)
        given = answer is not None and (answer.text or answer.number is not None or answer.file)
        if not given:
            missing.append(field)
    return missing


def submit_application(application: Application, *, by: Any) -> Application:
    """Draft → submitted: only inside the window, only if eligible, with every required answer."""
    require(
        policies.can_edit_application(by, application),
        _("Only members of the applicant organisation submit its application."),
    )
    opportunity = application.opportunity
    now = clock.now()
    if opportunity.status != OpportunityStatus.PUBLISHED:
        raise _refuse("status", _("This opportunity does not take applications."))
    if opportunity.opens_at and now < opportunity.opens_at:
        raise _refuse("window", _("Applications are not open yet."))
    if opportunity.closes_at and now >= opportunity.closes_at:
        raise _refuse("window", _("Applications are closed."))
    verdict = selectors.eligibility(opportunity, application.applicant)
    if not verdict.eligible:
        raise _refuse("eligibility", " ".join(check.reason for check in verdict.failed))
    missing = _missing_answers(application)
    if missing:
        raise ValidationError(
            {f"field_{f.pk}": _("This question needs an answer.") for f in missing}
        )
    with transaction.atomic():
        updated = Application.objects.filter(
            pk=application.pk, status=ApplicationStatus.DRAFT
        ).update(
            status=ApplicationStatus.SUBMITTED, submitted_at=now, submitted_by=by, updated_at=now
        )
        if not updated:
            raise _refuse("status", _("Only a draft can be submitted."))
        audit.record(
            "application.submitted",
            actor=by,
            target=application,
            organisation_id=application.applicant_id,
        )
        notifications.application_submitted(application, by=by)
    application.refresh_from_db()
    return application


def withdraw_application(application: Application, *, by: Any) -> Application:
    require(
        policies.can_edit_application(by, application),
        _("Only members of the applicant organisation withdraw its application."),
    )
    return _decide(
        application,
        by=by,
        allowed={
            ApplicationStatus.DRAFT,
            ApplicationStatus.SUBMITTED,
            ApplicationStatus.SHORTLISTED,
        },
        to=ApplicationStatus.WITHDRAWN,
    )


def assign_reviewer(opportunity: Opportunity, *, by: Any, user: Any) -> Reviewer:
    """The owner's admins choose reviewers (anyone with an account; a reviewer never scores an
    application of their own organisation)."""
    require(
        policies.can_manage(by, opportunity),
        _("Only the owner's admins or the operator assign reviewers."),
    )
    with transaction.atomic():
        reviewer, created = Reviewer.objects.get_or_create(opportunity=opportunity, user=user)
        if created:
            audit.record(
                "opportunity.reviewer_assigned",
                actor=by,
                target=opportunity,
                data={"reviewer": user.pk},
            )
            notifications.reviewer_assigned(opportunity, by=by, user=user)
    return reviewer


def remove_reviewer(opportunity: Opportunity, *, by: Any, user: Any) -> None:
    """The reviewer no longer sees the applications. Scores already given stay in the ranking:
    they were given in good faith, and the record of who scored what is kept."""
    require(
        policies.can_manage(by, opportunity),
        _("Only the owner's admins or the operator remove reviewers."),
    )
    with transaction.atomic():
        removed = Reviewer.objects.filter(opportunity=opportunity, user=user).delete()[0]
        if removed:
            audit.record(
                "opportunity.reviewer_removed",
                actor=by,
                target=opportunity,
                data={"reviewer": user.pk},
            )


def score_application(
    application: Application,
    *,
    by: Any,
    scores: Mapping[Criterion, tuple[int, str]],
) -> list[Score]:
    """A reviewer's scores and comments, per criterion; scoring again replaces them."""
    opportunity = application.opportunity
    if not policies.is_reviewer(by, opportunity):
        raise NotPermitted(_("Only the assigned reviewers score applications."))
    if not policies.can_review(by, application):
        raise NotPermitted(_("Reviewers do not score their own organisation's application."))
    if application.status not in (ApplicationStatus.SUBMITTED, ApplicationStatus.SHORTLISTED):
        raise _refuse("status", _("Only submitted applications are scored."))
    rows = []
    for criterion, (value, comment) in scores.items():
        if criterion.opportunity_id != opportunity.pk:
            raise _refuse("scores", _("A criterion of another opportunity."))
        if (
            not isinstance(value, int)
            or isinstance(value, bool)
            or not 0 <= value <= criterion.scale
        ):
            raise _refuse(
                f"criterion_{criterion.pk}",
                _("Score from 0 to %(max)d.") % {"max": criterion.scale},
            )
        rows.append((criterion, value, (comment or "").strip()[:5000]))
    with transaction.atomic():
        saved = [
            Score.objects.update_or_create(
                application=application,
                reviewer=by,
                criterion=criterion,
                defaults={"value": value, "comment": comment, "scored_at": clock.now()},
            )[0]
            for criterion, value, comment in rows
        ]
        audit.record(
            "application.scored",
            actor=by,
            target=application,
            organisation_id=opportunity.owner_id,
            data={"criteria": len(rows)},
        )
    return saved


def _decide(
    application: Application,
    *,
    by: Any,
    allowed: set[str],
    to: str,
    reason: str = "",
    limited: bool = False,
) -> Application:
    """Move the application under a lock on its opportunity, so two decisions at once cannot
    both take the last place."""
    with transaction.atomic():
        opportunity = Opportunity.objects.select_for_update().get(pk=application.opportunity_id)
        current = Application.objects.select_for_update().get(pk=application.pk)
        if current.status not in allowed:
            raise _refuse(
                "status",
                _("An application that is %(status)s cannot become %(target)s.")
                % {
                    "status": ApplicationStatus(current.status).label,
                    "target": ApplicationStatus(to).label,
                },
            )
        if limited and opportunity.capacity is not None:
            taken = opportunity.applications.filter(status=ApplicationStatus.ACCEPTED).count()
            if taken >= opportunity.capacity:
                raise _refuse("capacity", _("Every place is taken."))
        previous = current.status
        current.status = to
        current.decision_reason = reason or current.decision_reason
        fields = ["status", "decision_reason"]
        if to in (ApplicationStatus.ACCEPTED, ApplicationStatus.REJECTED):
            current.decided_at = clock.now()
            fields.append("decided_at")
        current.save(update_fields=fields)
        audit.record(
            f"application.{to}",
            actor=by,
            target=current,
            organisation_id=current.applicant_id,
            data={"reason": reason} if reason else {},
        )
        notifications.application_moved(current, by=by, previous=previous)
    application.refresh_from_db()
    return application


def _require_decide(application: Application, by: Any) -> None:
    require(
        policies.can_manage(by, application.opportunity),
        _("Only the owner's admins or the operator decide on applications."),
    )


def shortlist_application(application: Application, *, by: Any) -> Application:
    _require_decide(application, by)
    return _decide(
        application, by=by, allowed={ApplicationStatus.SUBMITTED}, to=ApplicationStatus.SHORTLISTED
    )


def accept_application(application: Application, *, by: Any, reason: str = "") -> Application:
    """Submitted or shortlisted → accepted, while places remain."""
    _require_decide(application, by)
    return _decide(
        application,
        by=by,
        allowed={ApplicationStatus.SUBMITTED, ApplicationStatus.SHORTLISTED},
        to=ApplicationStatus.ACCEPTED,
        reason=(reason or "").strip()[:5000],
        limited=True,
    )


def reject_application(application: Application, *, by: Any, reason: str) -> Application:
    """Submitted or shortlisted → rejected, with a reason the applicant reads."""
    _require_decide(application, by)
    reason = (reason or "").strip()
    if not reason:
        raise _refuse("reason", _("Tell the applicant why."))
    return _decide(
        application,
        by=by,
        allowed={ApplicationStatus.SUBMITTED, ApplicationStatus.SHORTLISTED},
        to=ApplicationStatus.REJECTED,
        reason=reason[:5000],
    )
