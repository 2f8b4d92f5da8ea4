"""The words for each detail of an entry (feed method, side, where a sleep was, how crying
ended …), defined once and used by the pages, the report and the CLI.

Translated through gettext (lazily: the reader's language is chosen per request).
"""

from django.utils.translation import gettext_lazy

SIDES = {
    "left": gettext_lazy("left side"),
    "right": gettext_lazy("right side"),
    "both": gettext_lazy("both sides"),
}
METHODS = {
    "breast": gettext_lazy("Breast"),
    "bottle": gettext_lazy("Bottle"),
    "solids": gettext_lazy("Solids"),
}
LOCATIONS = {
    "cot": gettext_lazy("Cot"),
    "bed": gettext_lazy("Bed"),
    "swing": gettext_lazy("Swing"),
    "pram": gettext_lazy("Pram"),
    "carrier": gettext_lazy("Carrier"),
    "arms": gettext_lazy("In arms"),
    "car": gettext_lazy("Car"),
    "other": gettext_lazy("Somewhere else"),
}
RESPONSES = {
    "content": gettext_lazy("Content"),
    "fussy": gettext_lazy("Fussy"),
    "crying": gettext_lazy("Crying"),
}
ENDINGS = {
    "soothed": gettext_lazy("Soothed"),
    "fed": gettext_lazy("Fed"),
    "slept": gettext_lazy("Fell asleep"),
    "stopped_on_own": gettext_lazy("Stopped on their own"),
    "handed_over": gettext_lazy("Handed to someone else"),
}
INTENSITIES = {
    1: gettext_lazy("Fussing"),
    2: gettext_lazy("Crying"),
    3: gettext_lazy("Screaming"),
}
ACTIVITIES = {"reading": gettext_lazy("Reading"), "singing": gettext_lazy("Singing")}
#: The per-episode PURPLE letters (National Center on Shaken Baby Syndrome; crying.md §4).
PURPLE = {
    "unexpected": (
        gettext_lazy("Unexpected"),
        gettext_lazy("came and went for no clear reason"),
    ),
    "resists_soothing": (
        gettext_lazy("Resists soothing"),
        gettext_lazy("nothing you tried settled the baby"),
    ),
    "pain_like_face": (
        gettext_lazy("Pain-like face"),
        gettext_lazy("looked in pain, even if nothing was wrong"),
    ),
    "long_lasting": (
        gettext_lazy("Long-lasting"),
        gettext_lazy("went on for a long time"),
    ),
    "evening": (
        gettext_lazy("Evening"),
        gettext_lazy("in the late afternoon or evening"),
    ),
}
MILKS = {
    "breast_milk": gettext_lazy("breast milk"),
    "formula": gettext_lazy("formula"),
    "mixed": gettext_lazy("mixed"),
    "fortified": gettext_lazy("fortified breast milk"),
    "other": gettext_lazy("other milk"),
}
COLOURS = {
    "yellow": gettext_lazy("yellow"),
    "mustard": gettext_lazy("mustard"),
    "orange": gettext_lazy("orange"),
    "green": gettext_lazy("green"),
    "brown": gettext_lazy("brown"),
    "black": gettext_lazy("black"),
    "red": gettext_lazy("red"),
    "white": gettext_lazy("white or pale"),
    "other": gettext_lazy("another colour"),
}
TEXTURES = {
    "watery": gettext_lazy("watery"),
    "runny": gettext_lazy("runny"),
    "seedy": gettext_lazy("seedy"),
    "soft": gettext_lazy("soft"),
    "mushy": gettext_lazy("mushy"),
    "formed": gettext_lazy("formed"),
    "hard": gettext_lazy("hard"),
    "other": gettext_lazy("other texture"),
}
TEMPERATURE_METHODS = {
    "armpit": gettext_lazy("armpit"),
    "ear": gettext_lazy("ear"),
    "forehead": gettext_lazy("forehead"),
    "mouth": gettext_lazy("mouth"),
    "rectal": gettext_lazy("rectal"),
    "other": gettext_lazy("other method"),
}
POTTY = {
    "pee": gettext_lazy("pee"),
    "poo": gettext_lazy("poo"),
    "both": gettext_lazy("pee and poo"),
    "nothing": gettext_lazy("nothing"),
}
