"""The report page's choices: which baby, which period, which paper, and whether to add my
check-ins. The period and the paper are read by reports.choices, the rule the API and the
CLI use too; this form only offers them as buttons."""

from __future__ import annotations

from datetime import date
from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from carelog.models import Baby

from .choices import A4, LETTER

CUSTOM = "custom"
#: The buttons, as `period` values reports.choices reads ("week" is the last 7 days,
#: "month" the last 4 weeks, a number is that many days).
PERIODS = [
    ("week", _("Last 7 days")),
    ("14", _("Last 2 weeks")),
    ("month", _("Last 4 weeks")),
    ("90", _("Last 3 months")),
    (CUSTOM, _("Choose the dates")),
]
#: Older addresses said the days: ?period=7 and ?period=28 are the same buttons.
SAME_AS = {"7": "week", "28": "month"}
PAPERS = [(A4, _("A4")), (LETTER, _("Letter (US and Canada)"))]


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%d")


class ReportForm(forms.Form):
    """Read from the query string (a GET form), so a report's address can be bookmarked.
    `period` may also be written as the API and the CLI take it (`?period=2026-11-01:
    2026-11-30`); the form shows that as "Choose the dates" with both dates filled in."""

    baby = forms.TypedChoiceField(label=_("Baby"), coerce=int, required=False)
    period = forms.CharField(
        label=_("Period"), required=False, widget=forms.RadioSelect(choices=PERIODS)
    )
    paper = forms.CharField(
        label=_("Paper for the PDF"), required=False, widget=forms.RadioSelect(choices=PAPERS)
    )
    include_checkins = forms.BooleanField(
        label=_("Include my check-ins"),
        required=False,
        help_text=_(
            "Your own questionnaire results in this period, for the doctor to see. Your "
            "partner's appear only if they chose to share them with reports."
        ),
    )

    def __init__(
        self, data: Any = None, *, babies: list[Baby], paper: str = A4, **kwargs: Any
    ) -> None:
        if data is not None:
            data = data.copy()
            period = (data.get("period") or "").strip().lower()
            if ":" in period:
                first, _sep, last = period.partition(":")
                data["period"], data["from"], data["to"] = CUSTOM, first.strip(), last.strip()
            elif period in SAME_AS:
                data["period"] = SAME_AS[period]
            # Unchosen buttons show their default, as on a first visit.
            if not data.get("period"):
                data["period"] = "month"
            if not data.get("paper"):
                data["paper"] = paper
        kwargs.setdefault("initial", {})
        kwargs["initial"] = {"period": "month", "paper": paper, **kwargs["initial"]}
        super().__init__(data, **kwargs)
        # self.fields holds copies of the fields declared above: "baby" is a TypedChoiceField.
        cast(forms.TypedChoiceField, self.fields["baby"]).choices = [(b.pk, b.name) for b in babies]
        # "from" and "to", as the API and the CLI call them; `from` is a Python keyword.
        self.fields["from"] = forms.DateField(label=_("From"), required=False, widget=DateInput())
        self.fields["to"] = forms.DateField(label=_("To"), required=False, widget=DateInput())
        self.order_fields(["baby", "period", "from", "to", "paper", "include_checkins"])

    def clean(self) -> dict[str, Any]:
        super().clean()  # Form.clean() returns cleaned_data, which django-stubs types as optional
        data = self.cleaned_data
        if data.get("period") == CUSTOM:
            for name in ("from", "to"):
                if not data.get(name) and name not in self.errors:
                    self.add_error(name, _("Give both dates, or choose one of the periods."))
        return data

    def period_text(self) -> str:
        """The period as reports.choices.period_from_text reads it."""
        data = self.cleaned_data if self.is_bound else {}
        if data.get("period") == CUSTOM:
            first: date | None = data.get("from")
            last: date | None = data.get("to")
            return f"{first}:{last}"
        return str(data.get("period") or "")

    def paper_text(self) -> str:
        data = self.cleaned_data if self.is_bound else {}
        return str(data.get("paper") or "")

    @property
    def wants_checkins(self) -> bool:
        return bool(self.is_bound and self.cleaned_data.get("include_checkins"))
