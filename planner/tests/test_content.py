"""The shipped content is complete and sourced; a broken file names file, entry and field."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from content.loader import ContentError, content_path, load_toml
from planner.content import (
    ACTIVITIES_DIR,
    MESSAGES_DIR,
    default_library,
    load_library,
    load_messages,
    load_plan_texts,
)

BANNED = re.compile(
    r"\b(hates?|rejects?|prefers? (mum|mom|dad)|odia|rechaza|prefiere a (mamá|papá))\b",
    re.IGNORECASE,
)


def test_the_library_has_at_least_30_sourced_activities() -> None:
    lib = default_library()
    assert len(lib.activities) >= 30
    for a in lib.activities:
        assert a.sources and all(key in lib.sources for key in a.sources), a.id
        assert a.steps and a.why and a.if_crying


def test_every_category_level_and_log_kind_is_covered() -> None:
    lib = default_library()
    assert {a.category for a in lib.activities} == {
        "routine", "play", "reading", "outdoors", "massage", "skin", "soothing",
    }  # fmt: skip
    assert {a.level for a in lib.activities} == {1, 2, 3, 4}
    assert {a.logs_as for a in lib.activities} == {
        "bath", "play", "reading", "walk", "holding", "skin_to_skin", "soothing", "feed",
    }  # fmt: skip


def test_crying_steps_end_with_the_ladder_and_the_safety_lines() -> None:
    lib = default_library()
    steps = lib.crying_steps(lib.activity("bath-together"))
    assert steps[0].startswith("Lift the baby out")
    assert (
        steps[-1]
        == "Shaking or hitting can cause brain damage or death, even if it lasts only seconds."
    )


def test_safety_lines_repeat_the_crying_plan_exactly() -> None:
    plan = load_toml(content_path("safety", "crying_plan.toml"))
    texts = {step.get_str("key"): step.get_str("text") for step in plan.get_tables("steps")}
    ladder = [s for s in default_library().ladder if s.safety_step]
    assert ladder
    for step in ladder:
        assert step.safety_step is not None
        assert step.text == texts[step.safety_step]
    # In every language the crying plan speaks, the same words.
    said = {
        step.get_str("key"): step.get_table("translations").get_table("es").get_str("text")  # type: ignore[union-attr]  # the file has them; a test fails otherwise
        for step in plan.get_tables("steps")
    }
    for step in ladder:
        assert step.safety_step is not None
        assert step.text_in("es") == said[step.safety_step]
    assert all(step.text_in("es") != step.text for step in default_library().ladder)


def test_all_53_weeks_for_both_roles_with_sources() -> None:
    messages = load_messages()
    assert len(messages.messages) == 53 * 2
    for m in messages.messages.values():
        assert m.baby_now_sources and m.connect_sources and m.care_sources
    assert messages.for_week(60, "partner").week == 52


def test_no_blaming_words_anywhere_in_the_content() -> None:
    for folder in (ACTIVITIES_DIR, MESSAGES_DIR):
        for path in folder.glob("*.toml"):
            body = "\n".join(
                line
                for line in path.read_text(encoding="utf-8").splitlines()
                if not line.startswith("#")
            )
            assert not BANNED.search(body), path.name


def test_plan_texts_load() -> None:
    texts = load_plan_texts()
    assert "{baby}" in texts.template("note_no_overlap")
    assert "{baby}" in texts.template("note_no_overlap", "es")
    # A language with no translation, or a regional variant, falls back sensibly.
    assert texts.template("review_none", "fr") == texts.template("review_none", "en")
    assert texts.template("review_none", "es-MX") == texts.template("review_none", "es")


def test_every_plan_sentence_and_word_is_in_spanish() -> None:
    texts = load_plan_texts()
    missing = [key for key, by_language in texts.texts.items() if "es" not in by_language]
    assert missing == ["as_written"]  # earlier releases' English, shown as written
    for kind, words in texts.terms.items():
        assert all("es" in w for w in words.values()), kind
    assert all("es" in level.translations for level in default_library().levels.values())


def test_every_activity_and_weekly_message_is_in_spanish() -> None:
    for activity in default_library().activities:
        spanish = activity.in_language("es")
        assert spanish.title != activity.title, activity.id
        assert len(spanish.steps) == len(activity.steps)
        assert spanish.in_language("es-419").title == spanish.title
        assert activity.in_language("fr") is activity  # not translated: as written
        assert not BANNED.search(" ".join([spanish.title, *spanish.steps, spanish.why]))
    messages = load_messages()
    for week in range(53):
        for role in ("primary", "partner"):
            message = messages.for_week(week, role)
            said = message.in_language("es")
            assert said.baby_now != message.baby_now and said.care != message.care
            assert said.baby_now_sources == message.baby_now_sources


def test_a_translation_with_a_step_missing_is_named(activities_copy: Path) -> None:
    path = activities_copy / "routine.toml"
    text = path.read_text(encoding="utf-8")
    start = text.index("translations.es.steps = [")
    first_item_end = text.index("\n", text.index('"', start)) + 1
    path.write_text(text[:first_item_end] + text[text.index("\n", first_item_end) + 1 :])
    with pytest.raises(ContentError, match=r"translations\.es\.steps.*has 3 items"):
        load_library(activities_copy)


def test_every_activity_family_has_its_words() -> None:
    families = {a.family for a in default_library().activities}
    assert families <= set(load_plan_texts().terms["family"])


@pytest.fixture
def activities_copy(tmp_path: Path) -> Path:
    """A writable copy of content/activities."""
    target = tmp_path / "activities"
    shutil.copytree(ACTIVITIES_DIR, target)
    return target


@pytest.mark.parametrize(
    ("file", "old", "new", "field", "problem"),
    [
        ("routine.toml", "level = 1\n", "level = 7\n", "activities[0].level", "at most 4"),
        ("routine.toml", 'sources = ["icon-comfort", "de-montigny-2004"]', 'sources = ["nobody-2099"]',
         "activities[0].sources[0]", "unknown source"),
        ("routine.toml", 'logs_as = "bath"', 'logs_as = "swim"', "activities[0].logs_as", "must be one of"),
        ("routine.toml", "age_weeks = [0, 52]", "age_weeks = [30, 10]", "activities[0].age_weeks", "within 0-52"),
        ("routine.toml", 'best_states = ["fed_and_rested"]', 'best_states = ["hungry"]',
         "activities[0].best_states[0]", "must be one of"),
        ("routine.toml", 'id = "bath-then-towel-cuddle"', 'id = "bath-together"', "activities[1].id", "duplicate"),
        ("play.toml", 'title = "Hello time, face to face"\n', "", "activities[0].title", "required"),
        ("play.toml", 'family = "face_to_face"', 'family = "face_to_face"\nfamly = "x"',
         "activities[0].famly", "unknown field"),
        ("levels.toml", "level = 4\n", "level = 3\n", "levels[3].level", "duplicate"),
        ("sources.toml", 'version = "2026.1"\n', "", "version", "required"),
    ],
    ids=[
        "level-too-high", "unknown-source", "bad-log-kind", "ages-reversed", "bad-state",
        "duplicate-id", "missing-title", "typo-field", "duplicate-level", "no-version",
    ],
)  # fmt: skip
def test_a_broken_activity_file_names_file_entry_and_field(
    activities_copy: Path, file: str, old: str, new: str, field: str, problem: str
) -> None:
    path = activities_copy / file
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(ContentError) as info:
        load_library(activities_copy)
    assert info.value.file.endswith(file)
    assert info.value.field == field
    assert problem in info.value.problem
    assert file in str(info.value) and field in str(info.value)


@pytest.mark.parametrize(
    ("old", "new", "field", "problem"),
    [
        (
            'week = 52\nrole = "partner"',
            'week = 51\nrole = "partner"',
            "messages[105].week",
            "duplicate",
        ),
        (
            'week = 52\nrole = "partner"',
            'week = 53\nrole = "partner"',
            "messages[105].week",
            "at most 52",
        ),
        ('role = "primary"', 'role = "mum"', "messages[0].role", "must be one of"),
        (
            'care_sources = ["kamp-dush-2018"]',
            "care_sources = []",
            "messages[0].care_sources",
            "must not be empty",
        ),
    ],
    ids=["duplicate-week", "week-53", "bad-role", "care-without-source"],
)
def test_a_broken_messages_file_names_entry_and_field(
    tmp_path: Path, old: str, new: str, field: str, problem: str
) -> None:
    text = (MESSAGES_DIR / "weekly.toml").read_text(encoding="utf-8")
    assert old in text
    (tmp_path / "weekly.toml").write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(ContentError) as info:
        load_messages(tmp_path)
    assert info.value.field == field
    assert problem in info.value.problem


def test_a_missing_week_is_named(tmp_path: Path) -> None:
    text = (MESSAGES_DIR / "weekly.toml").read_text(encoding="utf-8")
    head, _, _ = text.rpartition("[[messages]]")
    (tmp_path / "weekly.toml").write_text(head, encoding="utf-8")
    with pytest.raises(ContentError, match="52/partner"):
        load_messages(tmp_path)


@pytest.mark.parametrize(
    ("old", "new", "problem"),
    [
        (
            "{baby} was content in {content}",
            "{baby} was content in {contnet}",
            "unknown placeholders",
        ),
        ('key = "review_none"', 'key = "review_nothing"', "must be one of"),
        ("estuvo a gusto en {content}", "estuvo a gusto en {contenido}", "text.es"),
        ('"morning" = { en = "morning", es = "la mañana" }', "", "morning"),
    ],
    ids=["typo-placeholder", "unknown-key", "typo-in-spanish", "missing-band"],
)
def test_a_broken_plan_text_is_named(tmp_path: Path, old: str, new: str, problem: str) -> None:
    text = (MESSAGES_DIR / "planner.toml").read_text(encoding="utf-8")
    (tmp_path / "planner.toml").write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(ContentError, match=problem):
        load_plan_texts(tmp_path)
