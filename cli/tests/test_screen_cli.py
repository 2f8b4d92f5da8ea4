"""The safety screen at the terminal: `nestling intake FILE` (with --json, --user, --no-ask),
`nestling checkin take` with a self-harm answer, `nestling limit 8` and `nestling screen ID`."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from cli.main import app
from wellbeing.models import SafetyScreening

runner = CliRunner()

PLAN_TEXT = "I've decided to end my life, I have a plan."
PASSIVE_TEXT = "I've been thinking everyone would be better off without me"
ORDINARY_TEXT = "How many ounces of formula should a two month old take?"
PARTNER_TEXT = "My husband says he wants to end his life and he has a rope in the garage"

THOUGHTS = "Have you had thoughts of ending your life, or that you would be better off dead?"
PLAN_Q = "Have you thought about how you would do it, or made any plans?"
HARM_BABY = (
    "Have you had thoughts of hurting the baby, or felt you might lose control with the baby?"
)
TIER_1 = "Your safety matters most right now."
PRIVATE = "Your answers are private to you; nobody else in your household can see them."


def run(*args: str, stdin: str | None = None):
    return runner.invoke(app, list(args), input=stdin, catch_exceptions=False)


@pytest.fixture
def write(tmp_path):
    def make(text: str):
        path = tmp_path / "words.txt"
        path.write_text(text, encoding="utf-8")
        return str(path)

    return make


def _intake_json(path: str, *extra: str) -> dict:
    result = run("intake", path, "--json", *extra)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_intake_json_on_a_plan(db, write):
    data = _intake_json(write(PLAN_TEXT))
    safety = data["safety"]
    assert list(safety) == [
        "tier",
        "ask_screen",
        "about",
        "reasons",
        "topics",
        "screen_id",
        "messages",
    ]
    assert safety["tier"] == 1 and safety["ask_screen"] is True
    assert "plan_or_intent" in safety["reasons"] and safety["reasons"][0] == "plan_or_intent"
    assert (safety["about"], safety["topics"]) == ("writer", ["self"])
    assert safety["screen_id"] is None  # nobody named: nothing stored
    assert safety["messages"][0] == {
        "id": "self_harm_intent_or_plan",
        "tier": 1,
        "message": safety["messages"][0]["message"],
    }
    assert safety["messages"][0]["message"].startswith(TIER_1)
    assert not SafetyScreening.objects.exists()


def test_intake_json_on_an_ordinary_question(db, write):
    safety = _intake_json(write(ORDINARY_TEXT))["safety"]
    assert (safety["tier"], safety["ask_screen"], safety["about"]) == (4, False, "none")
    assert safety["reasons"] == [] and safety["topics"] == [] and safety["screen_id"] is None


def test_intake_json_with_a_user_opens_their_screen_without_asking(people, write):
    safety = _intake_json(write(PARTNER_TEXT), "--user", "alice")["safety"]
    assert (safety["tier"], safety["about"]) == (1, "partner")
    row = SafetyScreening.objects.get(pk=safety["screen_id"])
    assert (row.membership, row.origin, row.about, row.answers) == (
        people.alice,
        "intake",
        "partner",
        {},
    )


def test_intake_for_a_user_asks_the_questions_and_ends_with_tier_1_help(people, write):
    # thoughts: y; plan, intent, means: y, y, y; safe now: y
    result = run("intake", write(PLAN_TEXT), "--user", "alice", stdin="y\ny\ny\ny\ny\n")
    assert result.exit_code == 0, result.output
    out = result.stdout
    asked = out.index("Thank you for telling us. A few quick yes-or-no questions")
    assert out.index("Nestling is not a diagnostic tool.") < asked  # the reading comes first
    questions = [THOUGHTS, PLAN_Q, "Do you think you might act on these thoughts?"]
    places = [out.index(q, asked) for q in questions]
    assert places == sorted(places)
    assert out.index("Are you safe right now?", asked) > places[-1]
    after = out[out.index("Are you safe right now?", asked) :]
    assert f"!! {TIER_1}" in after
    assert "Emergency services: call 999" in after
    assert after.index("call 999") < after.index("116 123")  # emergency first, crisis second
    assert out.rstrip().endswith(PRIVATE)
    row = SafetyScreening.objects.get()
    assert row.membership == people.alice and row.tier == 1 and row.completed_at is not None
    assert row.answers == {
        "thoughts_of_ending_life": True,
        "plan": True,
        "intent": True,
        "means": True,
        "safe_now": True,
    }


def test_intake_from_stdin_or_no_ask_only_says_questions_are_due(people, write):
    result = run("intake", "-", "--user", "alice", stdin=PASSIVE_TEXT)
    assert result.exit_code == 0, result.output
    assert "A few safety questions are due" in result.stdout
    assert THOUGHTS not in result.stdout
    result = run("intake", write(PASSIVE_TEXT), "--user", "alice", "--no-ask")
    assert "A few safety questions are due" in result.stdout and THOUGHTS not in result.stdout
    assert SafetyScreening.objects.filter(answers={}).count() == 2


def test_intake_about_the_partner_asks_in_the_partners_words(people, write):
    result = run("intake", write(PARTNER_TEXT), "--user", "alice", stdin="n\n")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "Thank you for looking out for your husband." in out
    assert "Has your husband talked about ending his life" in out
    assert "Your safety" not in out
    assert THOUGHTS not in out


def test_checkin_with_item_9_asks_the_screen_before_the_score(people):
    result = run(
        "checkin", "take", "phq9", "--user", "bob", "--answers", "0,0,0,0,0,0,0,0,1", stdin="n\n"
    )
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert out.index("!! Thank you for answering honestly.") < out.index(THOUGHTS)
    assert out.index(THOUGHTS) < out.index("PHQ-9: 1/27")
    assert PLAN_Q not in out  # a no to the gate ends it
    row = SafetyScreening.objects.get()
    assert (row.membership, row.origin, row.topics) == (people.bob, "checkin", ["self"])
    assert row.answers == {"thoughts_of_ending_life": False} and row.completed_at is not None


def test_checkin_without_item_9_asks_nothing(people):
    result = run("checkin", "take", "phq9", "--user", "bob", "--answers", "1,0,0,0,0,0,0,0,0")
    assert result.exit_code == 0, result.output
    assert THOUGHTS not in result.stdout and "PHQ-9: 1/27" in result.stdout
    assert not SafetyScreening.objects.exists()


def test_limit_8_prints_the_crying_plan_then_asks(people):
    result = run("limit", "8", "--user", "bob", stdin="n\nn\n")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert out.startswith("When the crying gets too much")
    assert "1. Put the baby down safely: Lay the baby on his or her back" in out
    assert out.index("Put the baby down safely") < out.index(THOUGHTS) < out.index(HARM_BABY)
    assert out.rstrip().endswith(PRIVATE)
    row = SafetyScreening.objects.get()
    assert (row.membership, row.origin, row.topics) == (people.bob, "limit", ["self", "baby"])
    assert row.answers == {"thoughts_of_ending_life": False, "harm_baby_thoughts": False}


def test_screen_answer_prints_the_next_questions(people, write):
    screen_id = _intake_json(write(PASSIVE_TEXT), "--user", "alice")["safety"]["screen_id"]
    result = run(
        "screen", str(screen_id), "--user", "alice", "--answer", "thoughts_of_ending_life=yes"
    )
    assert result.exit_code == 0, result.output
    lines = [line for line in result.stdout.splitlines() if line.startswith("next: ")]
    assert lines == [
        f"next: plan: {PLAN_Q}",
        "next: intent: Do you think you might act on these thoughts?",
        "next: means: Do you have something within reach that you could use to hurt yourself?",
    ]
    result = run(
        "screen",
        str(screen_id),
        "--user",
        "alice",
        "--answer",
        "plan=yes",
        "--answer",
        "intent=no",
        "--answer",
        "means=no",
    )
    assert result.exit_code == 0, result.output
    assert f"!! {TIER_1}" in result.stdout
    assert "next: safe_now: Are you safe right now?" in result.stdout
    assert SafetyScreening.objects.get().tier == 1


@pytest.mark.parametrize(
    ("answer", "field"),
    [
        ("thoughts_of_ending_life=maybe", "answers.thoughts_of_ending_life"),
        ("plan=yes", "answers.plan"),
        ("nope=yes", "answers.nope"),
        ("thoughts_of_ending_life", "answer: write key=yes or key=no"),
    ],
)
def test_screen_bad_answer_exits_2_naming_the_field(people, write, answer, field):
    screen_id = _intake_json(write(PASSIVE_TEXT), "--user", "alice")["safety"]["screen_id"]
    result = run("screen", str(screen_id), "--user", "alice", "--answer", answer)
    assert result.exit_code == 2
    assert field in result.stderr
    assert SafetyScreening.objects.get().answers == {}


def test_screen_of_someone_else_is_not_found(people, write):
    screen_id = _intake_json(write(PASSIVE_TEXT), "--user", "alice")["safety"]["screen_id"]
    for other in ("bob", "charlie"):
        result = run(
            "screen", str(screen_id), "--user", other, "--answer", "thoughts_of_ending_life=yes"
        )
        assert result.exit_code == 2 and "No such screen" in result.stderr
        assert THOUGHTS not in result.stdout
    assert SafetyScreening.objects.get().answers == {}


def test_intake_in_another_language_says_so_in_json_and_in_words(db, write):
    text = "Não aguento mais, o bebé chora a noite toda e eu só quero desaparecer."
    data = _intake_json(write(text))
    assert [u["language"] for u in data["unread"]] == ["pt"]
    assert data["safety"]["ask_screen"] is True and data["safety"]["reasons"] == ["asked:language"]
    words = run("intake", write(text), "--no-ask").stdout
    assert words.startswith("What you wrote seems to be in Portuguese.")


def test_intake_speaks_the_members_language_from_reading_to_help(people, write):
    people.alice.language = "es"
    people.alice.save(update_fields=["language"])
    result = run("intake", write(PLAN_TEXT), "--user", "alice", stdin="y\ny\ny\ny\ny\n")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "Lo que notamos" in out and "Próximos pasos, primero lo más urgente" in out
    assert "Seguridad" in out or "Safety:" not in out
    assert "Servicios de emergencia: llamar al 999" in out  # the service named in Spanish
    assert out.rstrip().endswith("Tus respuestas son privadas: nadie más de tu hogar puede verlas.")
    for english in ("Concerns", "Next steps", "not a diagnostic tool", "Emergency services"):
        assert english not in out
