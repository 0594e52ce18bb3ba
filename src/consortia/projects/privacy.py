"""What projects hold about a person (core.privacy): the projects, updates and exchange rates they
entered. All stay: a project's history is its partners' record."""

from consortia.core.privacy import Erase, Holding

RECORD = (
    "A project's history is its partners' record, whoever entered it; it names only the "
    "pseudonymised account."
)

HOLDINGS = [
    Holding(
        "projects.Project",
        refs=("created_by",),
        erase=Erase.KEEP,
        mine="created_by_id",
        columns=("public_id", "title", "status", "created_at"),
        why=RECORD,
    ),
    Holding(
        "projects.Partner",
        refs=("organisation",),
        erase=Erase.EXEMPT,
        why="Which organisation takes part in a project: nothing about a person.",
    ),
    Holding(
        "projects.Update",
        refs=("author", "organisation"),
        erase=Erase.KEEP,
        mine="author_id",
        columns=("public_id", "project__title", "organisation__name", "text", "posted_at"),
        why=RECORD,
    ),
    Holding(
        "projects.ExchangeRate",
        refs=("entered_by",),
        erase=Erase.KEEP,
        mine="entered_by_id",
        columns=("currency", "into", "rate", "on", "entered_at"),
        why="The operator's exchange rates, which reports were converted with.",
    ),
]
