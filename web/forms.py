"""Forms parse what people type (types and local times); the services decide what is valid.

Ranges and rules (ml between 0 and 500, end after start …) are checked by the services, so
pages, API and CLI refuse the same things with the same words. `add_service_errors` puts a
service's InvalidInput back on the form field it names ("details.amount_ml" → amount_ml).
"""

from __future__ import annotations

import zoneinfo
from datetime import date
from functools import cache
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from carelog.kinds import KINDS
from households.models import Membership

from .describe import (
    ACTIVITIES,
    COLOURS,
    ENDINGS,
    INTENSITIES,
    LOCATIONS,
    MILKS,
    POTTY,
    PURPLE,
    RESPONSES,
    TEMPERATURE_METHODS,
    TEXTURES,
)

DATETIME_FORMAT = "%Y-%m-%dT%H:%M"


class DateTimeLocalInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self) -> None:
        super().__init__(format=DATETIME_FORMAT)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%d")


class ServiceErrorsMixin:
    """Maps InvalidInput's field names onto this form's fields."""

    def add_service_errors(self, errors: dict[str, str]) -> None:
        for name, message in errors.items():
            field = name.removeprefix("details.").split(".")[0]
            if field in self.fields:  # type: ignore[attr-defined]
                self.add_error(field, message)  # type: ignore[attr-defined]
            else:
                self.add_error(None, message)  # type: ignore[attr-defined]


# --- accounts and households -------------------------------------------------------------


class SignupForm(ServiceErrorsMixin, forms.Form):
    username = forms.CharField(
        label=_("Username"), max_length=150, widget=forms.TextInput({"autocomplete": "username"})
    )
    password = forms.CharField(
        label=_("Password"),
        widget=forms.PasswordInput({"autocomplete": "new-password"}),
        help_text=_("At least 8 characters, not a common password."),
    )


class JoinForm(ServiceErrorsMixin, forms.Form):
    display_name = forms.CharField(
        label=_("Your name in this household"),
        max_length=40,
        help_text=_("What the family calls you, like Dad or Grandma."),
    )


class SignupJoinForm(SignupForm, JoinForm):
    pass


@cache
def time_zone_choices() -> list[tuple[str, str]]:
    return [(tz, tz.replace("_", " ")) for tz in sorted(zoneinfo.available_timezones())]


class HouseholdForm(ServiceErrorsMixin, forms.Form):
    name = forms.CharField(label=_("Household name"), max_length=100)
    time_zone = forms.ChoiceField(label=_("Time zone"), initial="Europe/London")
    country = forms.CharField(
        label=_("Country"),
        max_length=2,
        initial="GB",
        help_text=_("Two-letter code, like GB, US or IE. It picks the helplines we show."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["time_zone"].choices = time_zone_choices()  # type: ignore[attr-defined]


class NewHouseholdForm(HouseholdForm):
    display_name = JoinForm.base_fields["display_name"]


class RenameForm(ServiceErrorsMixin, forms.Form):
    display_name = forms.CharField(label=_("Display name"), max_length=40)


class InviteForm(ServiceErrorsMixin, forms.Form):
    display_name = forms.CharField(label=_("Their name (optional)"), max_length=40, required=False)
    role = forms.ChoiceField(
        label=_("They can"),
        choices=[
            (Membership.Role.PARENT, _("Log and change entries")),
            (Membership.Role.VIEWER, _("Only look")),
        ],
        initial=Membership.Role.PARENT,
        widget=forms.RadioSelect,
    )


class TokenForm(ServiceErrorsMixin, forms.Form):
    name = forms.CharField(
        label=_("Token name"),
        max_length=60,
        required=False,
        help_text=_("Where you'll use it, like “Home Assistant”."),
    )


class BabyForm(ServiceErrorsMixin, forms.Form):
    name = forms.CharField(label=_("Baby's name"), max_length=60)
    birth_date = forms.DateField(label=_("Birth date"), widget=DateInput())
    due_date = forms.DateField(
        label=_("Due date (optional)"),
        required=False,
        widget=DateInput(),
        help_text=_("If the baby came early, ages are counted from the due date."),
    )
    sex = forms.ChoiceField(
        label=_("Sex (optional)"),
        choices=[("", _("Not given")), ("female", _("Girl")), ("male", _("Boy"))],
        required=False,
        widget=forms.RadioSelect,
        help_text=_("The WHO growth standards differ for girls and boys: needed for centiles."),
    )


# --- care log ------------------------------------------------------------------------------


def _radio(label: Any, choices: dict[Any, Any], required: bool = False, **kw: Any) -> forms.Field:
    return forms.ChoiceField(
        label=label,
        choices=[(str(k), v) for k, v in choices.items()],
        required=required,
        widget=forms.RadioSelect,
        **kw,
    )


def session_fields() -> dict[str, forms.Field]:
    return {
        "baby_response": _radio(_("How was the baby?"), RESPONSES),
        "parent_confidence": _radio(
            _("How did you feel? (1 = very hard, 5 = great)"), {i: str(i) for i in range(1, 6)}
        ),
    }


def cry_fields() -> dict[str, forms.Field]:
    return {
        "intensity": _radio(_("How strong?"), INTENSITIES, initial="2"),
        "ended": _radio(_("How did it end?"), ENDINGS),
        "purple": forms.MultipleChoiceField(
            label=_("Did it look like this? (tick any)"),
            choices=[(code, f"{name} — {meaning}") for code, (name, meaning) in PURPLE.items()],
            required=False,
            widget=forms.CheckboxSelectMultiple,
        ),
    }


def detail_fields(kind: str) -> dict[str, forms.Field]:
    """The form fields for a kind's details; names match the details' keys."""
    if kind == "feed":
        return {
            "method": _radio(
                _("Feed"),
                {"breast": _("Breast"), "bottle": _("Bottle"), "solids": _("Solids")},
                required=True,
                initial="breast",
            ),
            "side": _radio(_("Side"), {"left": _("Left"), "right": _("Right"), "both": _("Both")}),
            # No min/max here: the service checks the range and says so in its own words.
            "amount_ml": _number_field(_("Amount in ml")),
            "milk": _radio(_("What was in the bottle"), MILKS),
            "food": forms.CharField(label=_("What food"), max_length=200, required=False),
        }
    if kind == "sleep":
        return {"location": _radio(_("Where"), LOCATIONS)}
    if kind == "nappy":
        return {
            "wet": forms.BooleanField(label=_("Wet"), required=False),
            "dirty": forms.BooleanField(label=_("Dirty"), required=False),
            "dry": forms.BooleanField(label=_("Dry (checked, nothing in it)"), required=False),
            "colour": _select(_("Colour"), COLOURS),
            "consistency": _select(_("Texture"), TEXTURES),
        }
    if kind in MORE_FIELDS:
        return MORE_FIELDS[kind]()
    if kind == "cry":
        return cry_fields()
    if kind == "note":
        return {"text": forms.CharField(label=_("Note"), widget=forms.Textarea({"rows": 4}))}
    fields: dict[str, forms.Field] = {}
    if kind == "reading":
        fields["activity"] = _radio(_("Reading or singing"), ACTIVITIES, True, initial="reading")
    if KINDS[kind].is_session:
        fields.update(session_fields())
    return fields


def stop_fields(kind: str) -> dict[str, forms.Field]:
    """What stopping a timer asks: two optional taps for sessions; the episode for a cry."""
    if kind == "cry":
        return cry_fields()
    if KINDS[kind].is_session:
        return session_fields()
    return {}


def _select(label: Any, choices: dict[Any, Any], required: bool = False) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        choices=([] if required else [("", "—")]) + list(choices.items()),
        required=required,
    )


def _number_field(label: Any, required: bool = False) -> forms.FloatField:
    # No min/max here: the service checks the range and says so in its own words.
    return forms.FloatField(
        label=label,
        required=required,
        widget=forms.NumberInput({"inputmode": "decimal", "step": "any"}),
    )


MEDICINE_UNITS = {
    "ml": "ml",
    "mg": "mg",
    "mcg": "mcg",
    "drops": _("drops"),
    "tablets": _("tablets"),
    "sachets": _("sachets"),
    "puffs": _("puffs"),
    "units": _("units"),
    "other": _("other"),
}

#: Form fields of the kinds added for growth, health, pumping and solids.
MORE_FIELDS: dict[str, Any] = {
    "growth": lambda: {
        "weight_kg": _number_field(_("Weight in kg")),
        "length_cm": _number_field(_("Length in cm")),
        "head_cm": _number_field(_("Head circumference in cm")),
    },
    "temperature": lambda: {
        "celsius": _number_field(_("Temperature in °C"), required=True),
        "method": _radio(_("Taken"), TEMPERATURE_METHODS),
    },
    "medicine": lambda: {
        "name": forms.CharField(label=_("Medicine"), max_length=100),
        "dose": _number_field(_("Dose")),
        "unit": _select(_("Unit"), MEDICINE_UNITS),
        "interval_h": _number_field(_("Hours to wait before the next dose (from the label)")),
    },
    "pump": lambda: {
        "left_ml": _number_field(_("Left, ml")),
        "right_ml": _number_field(_("Right, ml")),
        "total_ml": _number_field(_("Total, ml (if not by side)")),
    },
    "solids": lambda: {
        "foods": forms.CharField(label=_("What food"), max_length=200, required=False),
        "amount": _number_field(_("How much")),
        "unit": forms.CharField(label=_("Unit (g, spoons…)"), max_length=20, required=False),
        "reaction": forms.CharField(label=_("How it went"), max_length=40, required=False),
        "first_time": forms.BooleanField(label=_("First time trying it"), required=False),
    },
    "potty": lambda: {"result": _radio(_("Result"), POTTY)},
}

INT_DETAILS = {"parent_confidence", "intensity"}
#: Feed details that only make sense for one method; others are dropped, not refused.
FEED_ONLY = {"side": "breast", "amount_ml": "bottle", "milk": "bottle", "food": "solids"}
#: Yes/no details stored only when ticked.
FLAG_DETAILS = {"dry", "first_time"}


class DetailsMixin:
    detail_names: list[str]

    def details(self) -> dict[str, Any]:
        data = self.cleaned_data  # type: ignore[attr-defined]
        out: dict[str, Any] = {}
        for name in self.detail_names:
            value = data.get(name)
            if value in (None, "", []) and name != "purple":
                continue
            if name in FLAG_DETAILS and value is False:
                continue
            if name in FEED_ONLY and data.get("method") != FEED_ONLY[name]:
                continue
            out[name] = int(value) if name in INT_DETAILS else value
        return out


class EventForm(DetailsMixin, ServiceErrorsMixin, forms.Form):
    start = forms.DateTimeField(label=_("Started"), widget=DateTimeLocalInput())
    end = forms.DateTimeField(label=_("Ended"), required=False, widget=DateTimeLocalInput())
    as_timer = forms.BooleanField(
        label=_("Still going: start a timer and stop it later"), required=False
    )
    caregiver = forms.TypedChoiceField(label=_("Who was caring"), coerce=int)
    others_present = forms.TypedMultipleChoiceField(
        label=_("Who else was there"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(
        self,
        *args: Any,
        kind: str,
        members: list[Membership],
        is_new: bool = True,
        is_running: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.kind = KINDS[kind]
        choices = [(m.pk, m.display_name) for m in members]
        self.fields["caregiver"].choices = choices  # type: ignore[attr-defined]
        self.fields["others_present"].choices = choices  # type: ignore[attr-defined]
        if not self.kind.has_duration:
            del self.fields["end"], self.fields["as_timer"]
            self.fields["start"].label = _("When")
        elif not is_new:
            del self.fields["as_timer"]
        if is_running:
            self.fields["end"].help_text = _("Leave empty while it is still going.")
        self.is_running = is_running
        extra = detail_fields(kind)
        self.detail_names = list(extra)
        self.fields.update(extra)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not self.kind.has_duration or self.is_running or "end" in self.errors:
            return data
        if data.get("as_timer") and data.get("end"):
            self.add_error("end", _("Leave the end empty to start a timer."))
        elif not data.get("as_timer") and not data.get("end"):
            if "as_timer" in self.fields:
                self.add_error("end", _("Give the end time, or tick “start a timer”."))
            else:
                self.add_error("end", _("Give the end time."))
        return data

    @property
    def detail_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.detail_names]

    @property
    def time_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in ("start", "end", "as_timer") if name in self.fields]


class StopForm(DetailsMixin, ServiceErrorsMixin, forms.Form):
    def __init__(
        self,
        *args: Any,
        kind: str,
        starter: Membership | None = None,
        me: Membership | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        if starter is not None and me is not None and starter.pk != me.pk:
            # The other parent started it: one tap says who was caring by the end.
            self.fields["caregiver"] = forms.TypedChoiceField(
                label=_("Who was caring?"),
                choices=[
                    (starter.pk, starter.display_name),
                    (me.pk, _("Me (%(name)s)") % {"name": me.display_name}),
                ],
                coerce=int,
                initial=starter.pk,
                required=False,  # not answered: the entry stays with whoever started it
                empty_value=None,
                widget=forms.RadioSelect,
            )
        extra = stop_fields(kind)
        self.detail_names = list(extra)
        self.fields.update(extra)

    def caregiver(self) -> int | None:
        return self.cleaned_data.get("caregiver")

    def details(self) -> dict[str, Any]:
        out = super().details()
        if out.get("purple") == []:
            out.pop("purple")
        return out


class EventFilterForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), required=False)
    caregiver = forms.TypedChoiceField(
        label=_("Who was caring"), coerce=int, required=False, empty_value=None
    )
    day = forms.DateField(label=_("Day"), required=False, widget=DateInput())

    def __init__(self, *args: Any, members: list[Membership], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", _("All kinds"))] + [  # type: ignore[attr-defined]
            (code, k.label) for code, k in KINDS.items()
        ]
        self.fields["caregiver"].choices = [("", _("Everyone"))] + [  # type: ignore[attr-defined]
            (m.pk, m.display_name) for m in members
        ]


def parse_date(value: str) -> date | None:
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None
