"""Forms parse what people type (types and local times); the services decide what is valid.

Ranges and rules (ml between 0 and 500, end after start …) are checked by the services, so
pages, API and CLI refuse the same things with the same words. `add_service_errors` puts a
service's InvalidInput back on the form field it names ("details.amount_ml" → amount_ml).

Amounts are typed in the household's units (households/units.py) and cleaned to the SI
value the services store, so a field keeps its SI name (amount_ml) whatever it is typed in.
"""

from __future__ import annotations

import re
import zoneinfo
from collections.abc import Iterable
from datetime import date
from functools import cache
from typing import TYPE_CHECKING, Any

from django import forms
from django.conf import settings
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from carelog import inputs
from carelog.inputs import DetailInput
from carelog.kinds import KINDS, OPTIONAL_FLAGS
from households.models import CRY_NOTICE_CHOICES, Membership
from households.units import (
    METRIC,
    Dimension,
    Units,
    format_value,
    kg_from_lb_oz,
    lb_oz,
    number,
    shown,
    to_si,
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


# The mixins below go on a forms.Form, ahead of it; the type checker sees them as forms.
if TYPE_CHECKING:
    _FormMixin = forms.BaseForm
else:
    _FormMixin = object


def set_choices(form: forms.BaseForm, name: str, choices: Iterable[tuple[object, object]]) -> None:
    """Give `form`'s choice field `name` the choices known only once the form is made."""
    field = form.fields[name]
    if not isinstance(field, forms.ChoiceField):
        raise TypeError(f"{name} is not a choice field")
    field.choices = choices


class ServiceErrorsMixin(_FormMixin):
    """Maps InvalidInput's field names onto this form's fields."""

    def add_service_errors(self, errors: dict[str, str]) -> None:
        for name, message in errors.items():
            field = name.removeprefix("details.").split(".")[0]
            if field in self.fields:
                self.add_error(field, self.service_message(field, message))
            else:
                self.add_error(None, message)

    def service_message(self, field: str, message: str) -> str:
        """A service's words for `field`, as this form shows them."""
        return message


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


def _unit_choice(label: Any, choices: list[tuple[str, Any]], **kw: Any) -> forms.ChoiceField:
    # Not required: a form posted without it (an older page, a script) leaves it as it is.
    return forms.ChoiceField(
        label=label, choices=choices, required=False, widget=forms.RadioSelect, **kw
    )


#: The household's unit settings, named as on households.models.Household.
UNIT_SETTINGS = ("volume_unit", "weight_unit", "length_unit", "temperature_unit", "clock")


class HouseholdForm(ServiceErrorsMixin, forms.Form):
    name = forms.CharField(label=_("Household name"), max_length=100)
    time_zone = forms.ChoiceField(label=_("Time zone"), initial="Europe/London")
    country = forms.CharField(
        label=_("Country"),
        max_length=2,
        initial="GB",
        help_text=_("Two-letter code, like GB, US or IE. It picks the helplines we show."),
    )
    volume_unit = _unit_choice(
        _("Bottle and pumping amounts"),
        [("ml", _("ml")), ("floz", _("fl oz"))],
        help_text=_("Entries are kept in metric; this only changes how they are shown and typed."),
    )
    weight_unit = _unit_choice(_("Weight"), [("kg", _("kg")), ("lb", _("lb and oz"))])
    length_unit = _unit_choice(_("Length and head size"), [("cm", _("cm")), ("in", _("inches"))])
    temperature_unit = _unit_choice(_("Temperature"), [("c", _("°C")), ("f", _("°F"))])
    clock = _unit_choice(_("Clock"), [("24", _("24-hour (15:05)")), ("12", _("12-hour (3:05 pm)"))])

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self, "time_zone", time_zone_choices())

    def units(self) -> dict[str, str | None]:
        """The unit settings posted (None: not posted, left as they are)."""
        return {name: self.cleaned_data.get(name) or None for name in UNIT_SETTINGS}


class NewHouseholdForm(HouseholdForm):
    display_name = JoinForm.base_fields["display_name"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # A new household takes its units from its country; they can be changed later.
        for name in UNIT_SETTINGS:
            del self.fields[name]


class LanguageForm(ServiceErrorsMixin, forms.Form):
    language = forms.ChoiceField(
        label=_("Language"),
        required=False,
        help_text=_("Just for you: your partner keeps theirs."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self, "language", [("", _("As my browser asks")), *settings.LANGUAGES])


class ListeningForm(ServiceErrorsMixin, forms.Form):
    listening = forms.BooleanField(
        label=_("Listen for crying on my devices"),
        required=False,
        help_text=_(
            "Nestling listens on your device only. No sound is stored or sent anywhere; only "
            "the times of possible crying are saved, and nothing enters the log until a "
            "parent confirms it."
        ),
    )
    # Not posted: left as it is (a client that only ticks the box changes nothing else).
    cry_notice_minutes = forms.TypedChoiceField(
        label=_("Tell me when the baby has been crying for a long stretch"),
        choices=CRY_NOTICE_CHOICES,
        coerce=int,
        required=False,
        empty_value=None,
        help_text=_(
            "When another member's device hears possible crying for this long, you get a "
            "notice through your usual reminders: the inbox and any channel you set up, "
            "keeping to your quiet hours. It says only that possible crying was heard and for "
            "how long. It is a suggestion, not a monitor: never rely on it."
        ),
    )


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
        choices=[(str(k), capfirst(v)) for k, v in choices.items()],
        required=required,
        widget=forms.RadioSelect,
        **kw,
    )


def _detail_field(detail: DetailInput, units: Units) -> forms.Field:
    """The form field for one detail of carelog/inputs.py; amounts in the family's units."""
    if detail.input == "amount":
        dimension = detail.dimension
        assert dimension is not None, detail.name
        return _amount_field(detail.label, dimension, units, detail.required)
    if detail.input == "choice":
        return _radio(detail.label, dict(detail.choices), detail.required, initial=detail.initial)
    if detail.input == "select":
        return _select(detail.label, dict(detail.choices), detail.required)
    if detail.input == "tick":
        return forms.BooleanField(label=detail.label, required=False)
    if detail.input == "ticks":
        return forms.MultipleChoiceField(
            label=detail.label,
            choices=list(detail.choices.items()),
            required=False,
            widget=forms.CheckboxSelectMultiple,
        )
    if detail.input == "number":
        return _number_field(detail.label, detail.required)
    widget = forms.Textarea({"rows": 4}) if detail.input == "paragraph" else None
    return forms.CharField(
        label=detail.label,
        max_length=detail.max_length,
        required=detail.required,
        widget=widget,
    )


def detail_fields(kind: str, units: Units = METRIC) -> dict[str, forms.Field]:
    """The form fields for a kind's details (carelog/inputs.py), named as the details are.
    Amounts are typed in `units` and clean to SI."""
    return {d.name: _detail_field(d, units) for d in inputs.inputs(kind)}


def stop_fields(kind: str) -> dict[str, forms.Field]:
    """What stopping a timer asks: two optional taps for sessions; the episode for a cry."""
    return {d.name: _detail_field(d, METRIC) for d in inputs.stop_inputs(kind)}


def _select(label: Any, choices: dict[Any, Any], required: bool = False) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        choices=([] if required else [("", "—")]) + [(k, capfirst(v)) for k, v in choices.items()],
        required=required,
    )


def _number_field(label: Any, required: bool = False) -> forms.FloatField:
    # No min/max here: the service checks the range and says so in its own words.
    return forms.FloatField(
        label=label,
        required=required,
        widget=forms.NumberInput({"inputmode": "decimal", "step": "any"}),
    )


class SIFloatField(forms.FloatField):
    """A number typed in the family's `unit`, cleaned to the SI value stored (to_si)."""

    def __init__(self, *, unit: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.unit = unit

    def clean(self, value: Any) -> float | None:
        typed = super().clean(value)
        return None if typed is None else to_si(typed, self.unit)


class PoundsOuncesWidget(forms.MultiWidget):
    """Two number boxes, pounds then ounces; the field's label points at the first, and
    each box says which it is ("Weight, pounds")."""

    def __init__(self, label: Any = "") -> None:
        number = {"inputmode": "decimal", "step": "any"}
        prefix = f"{label}, " if label else ""
        super().__init__(
            [
                forms.NumberInput(
                    {**number, "aria-label": f"{prefix}{_('pounds')}", "placeholder": "lb"}
                ),
                forms.NumberInput(
                    {**number, "aria-label": f"{prefix}{_('ounces')}", "placeholder": "oz"}
                ),
            ]
        )

    def id_for_label(self, id_: str) -> str:
        return f"{id_}_0" if id_ else id_

    def decompress(self, value: Any) -> list[Any]:
        if value in (None, ""):
            return [None, None]
        pounds, ounces = lb_oz(float(value))
        return [pounds, number(ounces, 1)]


class PoundsOuncesField(forms.MultiValueField):
    """A weight typed as pounds and ounces (either may be left empty), cleaned to kg."""

    def __init__(self, **kwargs: Any) -> None:
        parts = (forms.FloatField(required=False), forms.FloatField(required=False))
        kwargs.setdefault("widget", PoundsOuncesWidget(_("Weight")))
        super().__init__(parts, require_all_fields=False, **kwargs)

    def compress(self, data_list: list[Any]) -> float | None:
        pounds, ounces = (list(data_list) + [None, None])[:2]
        if pounds is None and ounces is None:
            return None
        if (pounds or 0) < 0 or (ounces or 0) < 0:
            raise forms.ValidationError(_("Use pounds and ounces of 0 or more."))
        return round(kg_from_lb_oz(pounds or 0, ounces or 0), 3)


UNIT_WORDS = {
    "ml": _("ml"),
    "floz": _("fl oz"),
    "kg": _("kg"),
    "lb": _("lb and oz"),
    "cm": _("cm"),
    "in": _("inches"),
    "c": _("°C"),
    "f": _("°F"),
}


def _amount_field(
    label: Any, dimension: Dimension, units: Units, required: bool = False
) -> forms.Field:
    """A number typed in the family's unit for `dimension`, named in the label."""
    unit = units.unit(dimension)
    text = label % {"unit": UNIT_WORDS[unit]}
    if unit == "lb":
        return PoundsOuncesField(label=text, required=required)
    if units.is_si(dimension):
        return _number_field(text, required)
    return SIFloatField(
        unit=unit,
        label=text,
        required=required,
        widget=forms.NumberInput({"inputmode": "decimal", "step": "any"}),
    )


#: A bound in a validation message: "less than or equal to 44".
_BOUND = re.compile(r"(than (?:or equal to )?)(-?\d+(?:\.\d+)?)")


class DetailsMixin(_FormMixin):
    detail_inputs: tuple[DetailInput, ...]

    @property
    def detail_names(self) -> list[str]:
        return [d.name for d in self.detail_inputs]

    def details(self) -> dict[str, Any]:
        data = self.cleaned_data
        out: dict[str, Any] = {}
        for detail in self.detail_inputs:
            name = detail.name
            value: Any = data.get(name)  # what this detail's field cleans to: any type
            if value in (None, "", []) and detail.input != "ticks":
                continue
            if name in OPTIONAL_FLAGS and value is False:
                continue
            if detail.only_with and data.get(detail.only_with[0]) != detail.only_with[1]:
                continue
            out[name] = int(value) if detail.is_whole_number else value
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
        units: Units | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        if units is None:
            # Everyone listed belongs to the one household whose units these are.
            units = Units.of(members[0].household) if members else METRIC
        self.units = units
        self.kind = KINDS[kind]
        choices = [(m.pk, m.display_name) for m in members]
        set_choices(self, "caregiver", choices)
        set_choices(self, "others_present", choices)
        if not self.kind.has_duration:
            del self.fields["end"], self.fields["as_timer"]
            self.fields["start"].label = _("When")
        elif not is_new:
            del self.fields["as_timer"]
        if is_running:
            self.fields["end"].help_text = _("Leave empty while it is still going.")
        self.is_running = is_running
        self.detail_inputs = inputs.inputs(kind)
        self.fields.update(detail_fields(kind, units))
        self._show_initial_in_family_units()

    def _show_initial_in_family_units(self) -> None:
        """Turn stored SI initial values into the family's units, remembering each one so
        that a field saved untouched keeps its stored value exactly (120 ml shows as
        4.1 fl oz; saving 4.1 fl oz unchanged must not make it 121.3 ml)."""
        self._kept_si: dict[str, tuple[float, float]] = {}
        for name, dimension in inputs.AMOUNTS.items():
            unit = self.units.unit(dimension)
            if name not in self.fields or self.units.is_si(dimension):
                continue
            try:
                stored = float(self.initial[name])
            except (KeyError, TypeError, ValueError):
                continue
            if unit == "lb":
                display: Any = self.fields[name].widget.decompress(stored)
                as_typed = round(kg_from_lb_oz(display[0], float(display[1])), 3)
            else:
                display = shown(stored, unit)
                as_typed = to_si(float(display), unit)
            self.initial[name] = display
            self._kept_si[name] = (as_typed, stored)

    def service_message(self, field: str, message: str) -> str:
        """Bounds in the service's words are SI ("less than or equal to 44"): name them
        in the family's units ("… 111.2 °F") for a field typed in those units."""
        dimension = inputs.AMOUNTS.get(field)
        if dimension is None or self.units.is_si(dimension):
            return message
        return _BOUND.sub(
            lambda m: m.group(1) + format_value(float(m.group(2)), dimension, self.units),
            message,
        )

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data  # what Form.clean() returns; its stub says it may be None
        for name, (as_typed, stored) in self._kept_si.items():
            if data.get(name) is not None and data[name] == as_typed:
                data[name] = stored
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


class CrySuggestionForm(ServiceErrorsMixin, forms.Form):
    """Possible crying, confirmed: who was with the baby and, when editing, the times
    (blank: as the device heard them). One tap on Today posts just `carer`."""

    start = forms.DateTimeField(label=_("Started"), required=False, widget=DateTimeLocalInput())
    end = forms.DateTimeField(label=_("Ended"), required=False, widget=DateTimeLocalInput())
    carer = forms.TypedChoiceField(label=_("Who was caring"), coerce=int)
    others_present = forms.TypedMultipleChoiceField(
        label=_("Who else was there"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, members: list[Membership], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [(m.pk, m.display_name) for m in members]
        set_choices(self, "carer", choices)
        set_choices(self, "others_present", choices)


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
        self.detail_inputs = inputs.stop_inputs(kind)
        self.fields.update(stop_fields(kind))

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
        set_choices(
            self, "kind", [("", _("All kinds")), *((code, k.label) for code, k in KINDS.items())]
        )
        set_choices(
            self, "caregiver", [("", _("Everyone")), *((m.pk, m.display_name) for m in members)]
        )


def parse_date(value: str) -> date | None:
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None
