"""Who may apply: an opportunity's rules checked against an organisation, rule by rule, each
with the reason a person reads ("why we are, or are not, eligible"). Pure: no database here;
``selectors`` builds the inputs."""

from collections.abc import Collection
from dataclasses import dataclass, field

from django.utils.translation import gettext as _


@dataclass(frozen=True)
class Candidate:
    """What the rules look at in an organisation."""

    country: str
    kind: str
    stage: str = ""
    topics: frozenset[str] = frozenset()
    founded_year: int | None = None
    verified: bool = False


@dataclass(frozen=True)
class Rules:
    """An opportunity's rules. An empty set means any; ``topics`` already holds the codes
    within each eligible area (a parent area admits its sub-areas)."""

    countries: frozenset[str] = frozenset()
    kinds: frozenset[str] = frozenset()
    stages: frozenset[str] = frozenset()
    topics: frozenset[str] = frozenset()
    founded_from_year: int | None = None
    founded_until_year: int | None = None
    verified_only: bool = True
    labels: dict[str, str] = field(default_factory=dict, compare=False)  # code → name


@dataclass(frozen=True)
class Check:
    rule: str  # country, kind, stage, topics, founded, verified
    passed: bool
    reason: str


@dataclass(frozen=True)
class Verdict:
    checks: tuple[Check, ...]

    @property
    def eligible(self) -> bool:
        return all(check.passed for check in self.checks)

    @property
    def failed(self) -> tuple[Check, ...]:
        return tuple(check for check in self.checks if not check.passed)


def _names(codes: Collection[str], labels: dict[str, str]) -> str:
    return ", ".join(sorted(labels.get(code, code) for code in codes))


def judge(candidate: Candidate, rules: Rules) -> Verdict:
    """Every rule that applies, passed or not, in a fixed order."""
    labels = rules.labels
    checks: list[Check] = []
    if rules.verified_only:
        checks.append(
            Check(
                "verified",
                candidate.verified,
                _("Verified members of the alliance only.")
                if not candidate.verified
                else _("Your organisation is a verified member."),
            )
        )
    if rules.countries:
        passed = candidate.country in rules.countries
        checks.append(
            Check(
                "country",
                passed,
                _("Open to organisations from: %(names)s.")
                % {"names": _names(rules.countries, labels)},
            )
        )
    if rules.kinds:
        checks.append(
            Check(
                "kind",
                candidate.kind in rules.kinds,
                _("Open to: %(names)s.") % {"names": _names(rules.kinds, labels)},
            )
        )
    if rules.stages:
        checks.append(
            Check(
                "stage",
                candidate.stage in rules.stages,
                _("Startups at these stages: %(names)s.") % {"names": _names(rules.stages, labels)},
            )
        )
    if rules.topics:
        shared = candidate.topics & rules.topics
        checks.append(
            Check(
                "topics",
                bool(shared),
                _("Works in an area it asks for: %(names)s.") % {"names": _names(shared, labels)}
                if shared
                else _("Works in none of the areas it asks for."),
            )
        )
    if rules.founded_from_year is not None or rules.founded_until_year is not None:
        year = candidate.founded_year
        low, high = rules.founded_from_year, rules.founded_until_year
        passed = (
            year is not None and (low is None or year >= low) and (high is None or year <= high)
        )
        if low is not None and high is not None:
            reason = _("Founded from %(low)d to %(high)d.") % {"low": low, "high": high}
        elif low is not None:
            reason = _("Founded in %(low)d or later.") % {"low": low}
        else:
            reason = _("Founded in %(high)d or earlier.") % {"high": high}
        if year is None:
            reason += " " + _("Your profile does not say when you were founded.")
        checks.append(Check("founded", passed, reason))
    return Verdict(tuple(checks))
