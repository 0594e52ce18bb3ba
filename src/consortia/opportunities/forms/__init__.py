"""Forms parse and display; the services validate again and do the writing."""

from .applying import ApplicationForm, ApplyForm, DecisionForm, OpportunityFilterForm, ScoreForm
from .follow_up import BookingForm, EngagementForm, ResultForm, TrancheForm
from .pilot_sites import PilotSiteFilterForm, PilotSiteForm
from .publishing import CriterionForm, OpportunityForm, QuestionForm, ReviewerForm

__all__ = [
    "ApplicationForm",
    "ApplyForm",
    "BookingForm",
    "CriterionForm",
    "DecisionForm",
    "EngagementForm",
    "OpportunityFilterForm",
    "OpportunityForm",
    "PilotSiteFilterForm",
    "PilotSiteForm",
    "QuestionForm",
    "ResultForm",
    "ReviewerForm",
    "ScoreForm",
    "TrancheForm",
]
