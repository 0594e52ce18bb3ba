"""What opportunities hold about a person (core.privacy): the calls they published, applications
they submitted for their organisation, and their part as a reviewer."""

from consortia.core.privacy import Erase, Holding

EVALUATION = (
    "A call's evaluation is the owner's and the applicants' record (who scored what, and the "
    "decision that followed); it names only the pseudonymised account."
)

HOLDINGS = [
    Holding(
        "opportunities.PilotSite",
        refs=("owner",),
        erase=Erase.EXEMPT,
        why="A pilot site is its organisation's: nothing about a person.",
    ),
    Holding(
        "opportunities.Opportunity",
        refs=("owner", "created_by"),
        erase=Erase.KEEP,
        mine="created_by_id",
        columns=("public_id", "title", "owner__name", "kind", "status", "created_at"),
        why="A call is its organisation's, whoever published it; it names only the "
        "pseudonymised account.",
    ),
    Holding(
        "opportunities.Application",
        refs=("applicant", "submitted_by"),
        erase=Erase.KEEP,
        mine="submitted_by_id",
        columns=(
            "public_id",
            "opportunity__title",
            "applicant__name",
            "status",
            "submitted_at",
            "decided_at",
        ),
        why="An application is the applicant organisation's; it names only the pseudonymised "
        "account that submitted it.",
    ),
    Holding(
        "opportunities.Reviewer",
        refs=("user",),
        erase=Erase.KEEP,
        mine="user_id",
        columns=("opportunity__title", "assigned_at"),
        why=EVALUATION,
    ),
    Holding(
        "opportunities.Score",
        refs=("reviewer",),
        erase=Erase.KEEP,
        mine="reviewer_id",
        columns=(
            "application__opportunity__title",
            "application__applicant__name",
            "criterion__name",
            "value",
            "comment",
            "scored_at",
        ),
        why=EVALUATION,
    ),
]
