"""What agreements hold about a person (core.privacy): the agreements, progress reports and
documents they entered. All stay: an agreement's history is its parties' record."""

from consortia.core.privacy import Erase, Holding

RECORD = (
    "An agreement's history is its parties' record, whoever entered it; it names only the "
    "pseudonymised account."
)

HOLDINGS = [
    Holding(
        "agreements.Agreement",
        refs=("created_by",),
        erase=Erase.KEEP,
        mine="created_by_id",
        columns=("public_id", "title", "kind", "status", "created_at"),
        why=RECORD,
    ),
    Holding(
        "agreements.Party",
        refs=("organisation",),
        erase=Erase.EXEMPT,
        why="Which organisation signed an agreement: nothing about a person.",
    ),
    Holding(
        "agreements.ProgressReport",
        refs=("reported_by",),
        erase=Erase.KEEP,
        mine="reported_by_id",
        columns=("commitment__agreement__title", "reported_on", "text", "created_at"),
        why=RECORD,
    ),
    Holding(
        "agreements.AgreementDocument",
        refs=("uploaded_by",),
        erase=Erase.KEEP,
        mine="uploaded_by_id",
        columns=("public_id", "agreement__title", "title", "original_name", "uploaded_at"),
        why=RECORD,
    ),
]
