"""The wellbeing pages' forms: a check-in, who sees it, preferences, "how are you doing",
and "Tell us what's going on"."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from scoring.instruments import Instrument
from wellbeing.models import RespondentRole, Visibility

from . import DateInput, ServiceErrorsMixin

SHARE_HELP = gettext_lazy("You can change this later, for each check-in.")


class CheckInForm(ServiceErrorsMixin, forms.Form):
    """One radio group per item (every input labelled by its question), plus who sees it."""

    share_with_partner = forms.ChoiceField(
        label=gettext_lazy("What your partner sees"),
        choices=Visibility.choices,
        widget=forms.RadioSelect,
        help_text=SHARE_HELP,
    )
    share_with_reports = forms.ChoiceField(
        label=gettext_lazy("What goes into reports for a doctor"),
        choices=Visibility.choices,
        widget=forms.RadioSelect,
    )

    def __init__(self, data: Any, *, instrument: Instrument, **kwargs: Any) -> None:
        super().__init__(data, **kwargs)
        self.instrument = instrument
        items: dict[str, forms.Field] = {}
        for item in instrument.items:
            items[f"item_{item.number}"] = forms.ChoiceField(
                label=f"{item.number}. {item.text}",
                choices=[(str(i), option.label) for i, option in enumerate(item.options)],
                widget=forms.RadioSelect,
                error_messages={"required": _("Choose one of the answers.")},
            )
        # Questions first, sharing last.
        self.fields = {**items, **self.fields}

    def item_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.fields if name.startswith("item_")]

    def answers(self) -> list[int]:
        return [int(self.cleaned_data[f"item_{item.number}"]) for item in self.instrument.items]


class SharingForm(ServiceErrorsMixin, forms.Form):
    share_with_partner = forms.ChoiceField(
        label=gettext_lazy("What your partner sees"), choices=Visibility.choices
    )
    share_with_reports = forms.ChoiceField(
        label=gettext_lazy("What goes into reports for a doctor"), choices=Visibility.choices
    )


class PreferenceForm(ServiceErrorsMixin, forms.Form):
    share_with_partner = forms.ChoiceField(
        label=gettext_lazy("By default, what your partner sees of a check-in"),
        choices=Visibility.choices,
        widget=forms.RadioSelect,
    )
    share_with_reports = forms.ChoiceField(
        label=gettext_lazy("By default, what goes into reports for a doctor"),
        choices=Visibility.choices,
        widget=forms.RadioSelect,
    )
    respondent_role = forms.ChoiceField(
        label=gettext_lazy("I answer as"),
        choices=RespondentRole.choices,
        widget=forms.RadioSelect,
        help_text=gettext_lazy(
            "Some questionnaires use different cut-offs for mothers and fathers."
        ),
    )
    on_treatment_since = forms.DateField(
        label=gettext_lazy("On medication or therapy for mood or anxiety since (optional)"),
        required=False,
        widget=DateInput(),
        help_text=gettext_lazy(
            "If you are, Nestling can tell when it is time to ask for a treatment review."
        ),
    )


class RatingForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=gettext_lazy("How are you doing right now? 0 is calm, 10 is at your limit."),
        choices=[(str(n), str(n)) for n in range(11)],
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": gettext_lazy("Choose a number from 0 to 10.")},
    )
    cry = forms.IntegerField(required=False, widget=forms.HiddenInput)


class IntakeForm(ServiceErrorsMixin, forms.Form):
    text = forms.CharField(
        label=gettext_lazy("Tell us what's going on, in your own words"),
        widget=forms.Textarea({"rows": 10}),
        help_text=gettext_lazy(
            "Nestling reads this once to suggest next steps. It is not saved, logged or sent "
            "anywhere."
        ),
        strip=False,
    )
