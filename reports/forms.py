"""The report page's choices: which baby, which period, and whether to add my check-ins."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from carelog.models import Baby

from .build import DEFAULT_DAYS, PERIOD_DAYS

CUSTOM = "custom"
PERIOD_LABELS = {
    7: _("Last 7 days"),
    14: _("Last 2 weeks"),
    28: _("Last 4 weeks"),
    90: _("Last 3 months"),
}


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%d")


class ReportForm(forms.Form):
    """Read from the query string (a GET form), so a report's address can be bookmarked."""

    baby = forms.TypedChoiceField(label=_("Baby"), coerce=int, required=False)
    period = forms.ChoiceField(
        label=_("Period"),
        required=False,
        widget=forms.RadioSelect,
        choices=[(str(days), PERIOD_LABELS[days]) for days in PERIOD_DAYS]
        + [(CUSTOM, _("Choose the dates"))],
    )
    include_checkins = forms.BooleanField(
        label=_("Include my check-ins"),
        required=False,
        help_text=_(
            "Your own questionnaire results in this period, for the doctor to see. Your "
            "partner's appear only if they chose to share them with reports."
        ),
    )

    def __init__(self, *args: Any, babies: list[Baby], **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"period": str(DEFAULT_DAYS)})
        super().__init__(*args, **kwargs)
        self.fields["baby"].choices = [(b.pk, b.name) for b in babies]  # type: ignore[attr-defined]
        # "from" and "to", as the API and the CLI call them; `from` is a Python keyword.
        self.fields["from"] = forms.DateField(label=_("From"), required=False, widget=DateInput())
        self.fields["to"] = forms.DateField(label=_("To"), required=False, widget=DateInput())
        self.order_fields(["baby", "period", "from", "to", "include_checkins"])

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("period") == CUSTOM:
            for name in ("from", "to"):
                if not data.get(name) and name not in self.errors:
                    self.add_error(name, _("Give both dates, or choose one of the periods."))
        return data

    def choice(self) -> dict[str, Any]:
        """The period as resolve_period takes it: `days`, or `first` and `last`."""
        data = self.cleaned_data if self.is_bound else {}
        if data.get("period") == CUSTOM:
            first: date | None = data.get("from")
            last: date | None = data.get("to")
            return {"first": first, "last": last}
        return {"days": int(data.get("period") or DEFAULT_DAYS)}

    @property
    def wants_checkins(self) -> bool:
        return bool(self.is_bound and self.cleaned_data.get("include_checkins"))
