"""Words for the intake's codes (concern labels, whom a concern is about, severity and
urgency), shared by the pages and the command line. Lazy, so each reader gets their own
language."""

from __future__ import annotations

from django.utils.translation import gettext_lazy

CONCERN_LABELS = {
    "bonding_difficulty": gettext_lazy("Bonding"),
    "crying_distress": gettext_lazy("Crying"),
    "parent_depression_anxiety": gettext_lazy("Depression or anxiety"),
    "caregiver_frustration_anger": gettext_lazy("Frustration or anger"),
    "care_load_imbalance": gettext_lazy("Who carries the load"),
    "relationship_strain": gettext_lazy("Strain between you"),
    "work_time_pressure": gettext_lazy("Work and time"),
    "safety_risk_self": gettext_lazy("Safety: a parent"),
    "safety_risk_baby": gettext_lazy("Safety: the baby"),
    "rejection_of_baby": gettext_lazy("Feelings about the baby"),
}
SUBJECT_LABELS = {
    "writer": gettext_lazy("you"),
    "partner": gettext_lazy("your partner"),
    "baby": gettext_lazy("the baby"),
    "couple": gettext_lazy("you both"),
}
SEVERITY_LABELS = {
    "low": gettext_lazy("low"),
    "moderate": gettext_lazy("moderate"),
    "high": gettext_lazy("high"),
    "urgent": gettext_lazy("urgent"),
}
URGENCY_LABELS = {
    "emergency": gettext_lazy("Now"),
    "today": gettext_lazy("Today"),
    "soon": gettext_lazy("Soon"),
    "routine": gettext_lazy("When you can"),
}
