"""The plan's content, loaded once: activities, levels, weekly messages, and the activity
families a parent can say they already tried."""

from __future__ import annotations

from functools import cache

from planner import Activity, Library, Messages, default_library, load_messages

#: A family that is not in the library (Mum wearing Dad's shirt, say). It is listed with
#: what was tried but never changes the plan, which can only plan what it has.
OTHER = "other"


@cache
def messages() -> Messages:
    """Return the weekly messages (weeks 0-52, primary carer and partner)."""
    return load_messages(sources=default_library().sources)


def library() -> Library:
    return default_library()


def activity(activity_id: str) -> Activity | None:
    """Return the activity with this id, or None."""
    try:
        return library().activity(activity_id)
    except KeyError:
        return None


def family_label(family: str) -> str:
    """Return a family's name for people: "skin_to_skin" -> "Skin-to-skin"."""
    if family == OTHER:
        return "Something else"
    return family.replace("_", "-" if family == "skin_to_skin" else " ").capitalize()


def families() -> list[tuple[str, str]]:
    """Return (family, label) for every family in the library, plus "other", for choices."""
    names = sorted({a.family for a in library().activities})
    return [(f, family_label(f)) for f in names] + [(OTHER, family_label(OTHER))]


def title_in(activity_id: str, stored: str, language: str) -> str:
    """A plan session's activity title in ``language`` (``stored``, the title it was saved
    with, when the activity has left the library)."""
    found = activity(activity_id)
    return stored if found is None else found.in_language(language).title
