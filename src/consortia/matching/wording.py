"""Reasons in the reader's language: the engine says why as data (topic codes, roles,
countries, a title), and this words it with the platform's translated labels."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from consortia.directory.models import Country, Topic
from consortia.engines.matching import Reason
from consortia.engines.matching.scoring import COMPLEMENTARY_ROLES

# The engine's pairs of roles that answer each other, in words (a test keeps the two in step).
ROLE_PAIRS = {
    frozenset({"startup", "investor"}): gettext_lazy("an investor and a startup"),
    frozenset({"sme", "investor"}): gettext_lazy("an investor and a growing company"),
    frozenset({"startup", "opportunity"}): gettext_lazy("an opportunity a startup can apply to"),
    frozenset({"sme", "opportunity"}): gettext_lazy("an opportunity a company can apply to"),
    frozenset({"startup", "corporation"}): gettext_lazy("a corporation that pilots and a startup"),
    frozenset({"startup", "technopark"}): gettext_lazy("a technopark that hosts and a startup"),
    frozenset({"startup", "government"}): gettext_lazy("a public buyer and a startup"),
    frozenset({"need", "offer"}): gettext_lazy("a need and an offer"),
    frozenset({"need", "startup"}): gettext_lazy("a need and a startup with a solution"),
    frozenset({"need", "sme"}): gettext_lazy("a need and a company with a solution"),
    frozenset({"need", "research"}): gettext_lazy("a need and a research team"),
    frozenset({"need", "university"}): gettext_lazy("a need and a university"),
    frozenset({"research", "corporation"}): gettext_lazy("research and industry"),
    frozenset({"university", "corporation"}): gettext_lazy("a university and industry"),
}
assert set(ROLE_PAIRS) == set(COMPLEMENTARY_ROLES)


class Words:
    """Labels of the topics and countries reasons name, fetched once per page."""

    def __init__(self, reasons: list[Reason]) -> None:
        codes = {code for reason in reasons for code in reason.topics}
        countries = {code for reason in reasons for code in reason.countries if code}
        self.topics = {t.code: t.label for t in Topic.objects.filter(code__in=codes)}
        self.countries = {c.code: c.name for c in Country.objects.filter(code__in=countries)}

    def topic(self, code: str) -> str:
        return self.topics.get(code, code)

    def country(self, code: str) -> str:
        return self.countries.get(code, code)

    def say(self, reason: Reason) -> str:
        topics = ", ".join(self.topic(code) for code in reason.topics)
        match reason.kind:
            case "offers":
                return _("Offers %(topic)s, which you look for") % {"topic": topics}
            case "seeks":
                return _("Looks for %(topic)s, which you offer") % {"topic": topics}
            case "offer_text":
                return _("Offers what you look for: “%(title)s”") % {"title": reason.title}
            case "seek_text":
                return _("Looks for what you offer: “%(title)s”") % {"title": reason.title}
            case "topics":
                return _("Shared topics: %(topics)s") % {"topics": topics}
            case "roles":
                pair = ROLE_PAIRS.get(frozenset(reason.roles))
                return _("Complementary roles: %(pair)s") % {"pair": pair or reason.english}
            case "border":
                first, second = (self.country(code) for code in reason.countries)
                return _("Across borders: %(first)s and %(second)s") % {
                    "first": first,
                    "second": second,
                }
        return _("Similar description")
