"""Pure planner core (no Django): the bonding plan for the parent who is struggling.

``make_plan`` places short sessions where the parent's availability meets the baby's calm
windows, ``adapt_plan`` applies the level and timing rules as sessions are rated, and
``weekly_review`` turns the ratings into sentences with numbers. Sentences are ``Words``
(a key of content/messages/planner.toml and its values), worded in the reader's language by
the adapters. Content (activities, weekly messages, plan texts) is loaded and validated by
``planner.content``.
"""

from .adapters import calm_windows_from_insights
from .content import (
    BASE_LANGUAGE,
    Activity,
    LadderStep,
    Level,
    Library,
    Messages,
    PlanTexts,
    Source,
    WeeklyMessage,
    default_library,
    default_plan_texts,
    load_library,
    load_messages,
    load_plan_texts,
)
from .plan import adapt_plan, make_plan, sessions_cap
from .records import (
    CalmWindow,
    Plan,
    PlanInputs,
    PlannedSession,
    PlanNote,
    SessionOutcome,
    Tried,
    Words,
    band_of,
)
from .review import (
    UNKNOWN_BAND,
    BandTally,
    Tally,
    WeekConfidence,
    WeeklyReview,
    weekly_review,
)

__all__ = [
    "BASE_LANGUAGE",
    "UNKNOWN_BAND",
    "Activity",
    "BandTally",
    "CalmWindow",
    "LadderStep",
    "Level",
    "Library",
    "Messages",
    "Plan",
    "PlanInputs",
    "PlanNote",
    "PlanTexts",
    "PlannedSession",
    "SessionOutcome",
    "Source",
    "Tally",
    "Tried",
    "WeekConfidence",
    "WeeklyMessage",
    "WeeklyReview",
    "Words",
    "adapt_plan",
    "band_of",
    "calm_windows_from_insights",
    "sessions_cap",
    "default_library",
    "default_plan_texts",
    "load_library",
    "load_messages",
    "load_plan_texts",
    "make_plan",
    "weekly_review",
]
