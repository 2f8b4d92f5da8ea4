"""`nestling intake FILE|-` and `nestling checkin history`: thin wrappers over wellbeing.

The intake text is read once and never stored or logged; the check-in history is the
user's own, in full, plus what others in the household shared with them.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any

import click
import typer
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

checkin_app = typer.Typer(help="Your private wellbeing check-ins.", no_args_is_help=True)


def _echo_decision(decision: Any, help_lines: list[str], about: str = "writer") -> None:
    """The decision's messages, most urgent first, then the help: numbers before anything."""
    for fired in decision.fired:
        prefix = "!! " if fired.tier <= 2 else "   "
        typer.echo(f"{prefix}{fired.message}")
    for line in help_lines:
        typer.echo(f"   {line}")


def _help_lines(country: str | None, decision: Any) -> list[str]:
    from django.utils.translation import get_language

    from safety.help import help_for_country, help_for_screen

    language = get_language() or "en"
    methods = {
        "call": pgettext("contact method", "call"),
        "text": pgettext("contact method", "text"),
    }
    lines = []
    for service in help_for_screen(country, decision.urgent_help_kinds, language=language):
        contacts = ", ".join(
            f"{methods[c.method]} {c.value}" for c in service.contacts if c.method in methods
        )
        if contacts:
            lines.append(f"{service.name}: {contacts}")
    if not lines:
        lines.append(help_for_country(country, language=language).no_number_text)
    return lines


def _ask_rounds(state: Any, answer: Any) -> Any:
    """Ask the screen's questions at the prompt, one round at a time. ``state`` has ``intro``,
    ``due`` and ``wording(question)``; ``answer`` takes one round's answers and returns the
    next state. Returns the last state."""
    typer.echo("")
    typer.echo(state.intro)
    while state.due:
        given = {q.key: typer.confirm(state.wording(q), default=None) for q in state.due}
        state = answer(given)
    return state


def _screen_in_terminal(member: Any, screening: Any) -> None:
    """Ask a stored screening at the prompt and print the decision and help."""
    from cli.main import run_service
    from wellbeing import services

    def answer(given: dict[str, bool]) -> Any:
        return run_service(services.answer_screening, member, screening.pk, given)

    try:
        state = _ask_rounds(services.state_of(screening), answer)
    except click.Abort:
        typer.echo("")
        typer.echo(
            _("The questions can wait: answer them later with `nestling screen %(id)s`.")
            % {"id": screening.pk}
        )
        return
    typer.echo("")
    _echo_decision(state.decision, _help_lines(member.household.country, state.decision))
    typer.echo(_("Your answers are private to you; nobody else in your household can see them."))


def _pure_screen(safety: Any, words: dict[str, str], country: str | None) -> None:
    """Ask the screen at the prompt without storing anything (no --user given)."""
    from safety.screen import ScreenAnswerError, ScreenRound

    rounds = [ScreenRound(safety.topics, safety.screen_about, dict(safety.signals), {}, words)]

    def answer(given: dict[str, bool]) -> ScreenRound:
        rounds.append(rounds[-1].answered(given))
        return rounds[-1]

    try:
        state = _ask_rounds(rounds[0], answer)
    except (click.Abort, ScreenAnswerError):
        typer.echo("")
        return
    typer.echo("")
    _echo_decision(state.decision, _help_lines(country, state.decision))


def intake(
    source: Annotated[str, typer.Argument(help="A text file to read, or - for standard input.")],
    as_json: Annotated[
        bool,
        typer.Option(
            "--json", help="JSON: {concerns: [...], next_steps: [...], safety: {tier, ...}}."
        ),
    ] = False,
    user: Annotated[
        str | None,
        typer.Option("--user", help="Whose words: keeps the safety screen's answers for them."),
    ] = None,
    ask: Annotated[
        bool,
        typer.Option(
            "--ask/--no-ask",
            help="Ask the safety questions at the prompt when the text calls for them.",
        ),
    ] = True,
) -> None:
    """Read a parent's own words and list the concerns, quoted, and next steps, urgent first.

    When the words suggest risk, the short safety screen is asked right here (unless the text
    came from standard input, or --json or --no-ask). Nestling is not a diagnostic tool.
    """
    from cli.main import _membership, run_service, setup_django

    setup_django()
    # Who first: every message after this is in their language.
    member = _membership(user) if user else None
    text = _intake_text(source)
    from wellbeing import services

    reading = run_service(services.read_intake, text, member)
    payload = _intake_payload(reading)
    if as_json:
        typer.echo(json.dumps(payload, ensure_ascii=False, indent=2))
        return
    country = member.household.country if member is not None else None
    _echo_reading(reading, payload, country)
    safety = reading.safety
    if safety.ask_screen and ask and source != "-":
        if reading.screening is not None and member is not None:
            _screen_in_terminal(member, reading.screening)
        else:
            _pure_screen(safety, dict(reading.result.words), country)
    elif safety.ask_screen:
        typer.echo(
            _(
                "A few safety questions are due: run this again with a file instead of -, "
                "or answer them in the app under Wellbeing."
            )
        )


def _intake_text(source: str) -> str:
    """The text of ``source``: a UTF-8 file, or standard input for ``-``."""
    from cli.main import fail, field_error

    if source == "-":
        return sys.stdin.read()
    path = Path(source)
    if not path.is_file():
        raise fail(field_error("file", _("no such file %(name)s") % {"name": repr(source)}))
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise fail(
            field_error("file", _("%(name)s is not UTF-8 text") % {"name": repr(source)})
        ) from None


def _intake_payload(reading: Any) -> dict[str, Any]:
    """The reading as `--json` prints it (and as the listing below reads it)."""
    from wellbeing import services

    safety = reading.safety
    payload = services.intake_as_dict(reading.result)
    payload["unread_notice"] = reading.unread_notice
    payload["safety"] = {
        "tier": safety.tier,
        "ask_screen": safety.ask_screen,
        "about": safety.about,
        "reasons": list(safety.reason_codes),
        "topics": list(safety.topics),
        "screen_id": reading.screening.pk if reading.screening is not None else None,
        "messages": [
            {"id": f.id, "tier": f.tier, "message": f.message} for f in safety.decision.fired
        ],
    }
    return payload


def _echo_reading(reading: Any, payload: dict[str, Any], country: str | None) -> None:
    """The urgent help first (when the words call for it), then concerns and next steps."""
    from wellbeing.labels import CONCERN_LABELS, SEVERITY_LABELS, SUBJECT_LABELS, URGENCY_LABELS

    safety = reading.safety
    if reading.unread_notice:
        typer.echo(reading.unread_notice)
        typer.echo("")
    if safety.tier <= 2:
        _echo_decision(safety.decision, _help_lines(country, safety.decision))
        typer.echo("")
    typer.echo(_("Concerns"))
    if not payload["concerns"]:
        typer.echo("  " + _("none from Nestling's list"))
    for concern in payload["concerns"]:
        quotes = " · ".join(f"“{e['text']}”" for e in concern["evidence"])
        label = CONCERN_LABELS.get(concern["label"], concern["label"])
        severity = SEVERITY_LABELS.get(concern["severity"], concern["severity"])
        subject = SUBJECT_LABELS.get(concern["subject"], concern["subject"])
        typer.echo(f"  {label} ({severity}, {subject}): {quotes}")
    typer.echo("")
    typer.echo(_("Next steps, most urgent first"))
    for number, step in enumerate(payload["next_steps"], start=1):
        urgency = URGENCY_LABELS.get(step["urgency"], step["urgency"])
        typer.echo(f"  {number}. [{urgency}] {step['text']}")
    if safety.tier > 2:
        for fired in safety.decision.fired:
            typer.echo(f"  {fired.message}")
    typer.echo("")
    typer.echo(_("Nestling is not a diagnostic tool. Nothing you wrote was saved."))


def screen(
    screening_id: Annotated[int, typer.Argument(help="The screen's number.")],
    user: Annotated[str | None, typer.Option("--user", help="Whose screen.")] = None,
    answer: Annotated[
        list[str] | None,
        typer.Option("--answer", help="key=yes or key=no; repeat. Omit to be asked."),
    ] = None,
) -> None:
    """Answer your safety screen (opened by a check-in, your words or an 'at my limit')."""
    from cli.main import _membership, fail, field_error, run_service, setup_django

    setup_django()
    from wellbeing import services

    member = _membership(user)
    state = run_service(services.screening_state, member, screening_id)
    if not answer:
        _screen_in_terminal(member, state.screening)
        return
    given: dict[str, str] = {}
    for item in answer:
        key, sep, value = item.partition("=")
        if not sep:
            raise fail(
                field_error(
                    "answer", _("write key=yes or key=no, not %(item)s") % {"item": repr(item)}
                )
            )
        given[key.strip()] = value.strip()
    state = run_service(services.answer_screening, member, screening_id, given)
    _echo_decision(state.decision, _help_lines(member.household.country, state.decision))
    for question in state.due:
        typer.echo(
            _("next: %(key)s: %(question)s")
            % {"key": question.key, "question": state.wording(question)}
        )


def limit(
    rating: Annotated[
        int | None, typer.Argument(help="0 calm … 10 at my limit; omit for 'at my limit'.")
    ] = None,
    user: Annotated[str | None, typer.Option("--user", help="Who is answering.")] = None,
) -> None:
    """How are you doing right now? 7 or more opens the crying plan and the safety questions."""
    from cli.main import _membership, run_service, setup_django

    setup_django()
    from safety.rules import load_crying_plan
    from wellbeing import services

    member = _membership(user)
    source = "asked" if rating is not None else "at_limit"
    outcome = run_service(services.record_frustration, member, rating, source)
    if outcome.decision.crying_plan is not None:
        plan = load_crying_plan().in_language(member.language or "en")
        typer.echo(plan.title)
        for number, step in enumerate(plan.steps, start=1):
            typer.echo(f"  {number}. {step.title}: {step.text}")
        typer.echo("")
    _echo_decision(outcome.decision, _help_lines(member.household.country, outcome.decision))
    if outcome.screening is not None:
        _screen_in_terminal(member, outcome.screening)


@checkin_app.command("take")
def take(
    instrument: Annotated[str, typer.Argument(help="phq9, gad7, phq2, gad2 (or a licensed pack).")],
    user: Annotated[str | None, typer.Option("--user", help="Who is answering.")] = None,
    answers: Annotated[
        str | None,
        typer.Option("--answers", help="Option numbers 0-3 per item, comma-separated."),
    ] = None,
) -> None:
    """Answer a check-in. A self-harm answer leads straight to the safety questions."""
    from cli.main import _membership, fail, field_error, run_service, setup_django

    setup_django()
    from wellbeing import registry, services

    member = _membership(user)
    inst = registry.instrument(instrument)
    if inst is None:
        raise fail(
            field_error(
                "instrument",
                _("choose one of %(names)s") % {"names": ", ".join(registry.answerable())},
            )
        )
    if answers is None:
        chosen: list[int] = []
        if inst.stem:
            typer.echo(inst.stem)
        for item in inst.items:
            options = " / ".join(f"{i} {o.label}" for i, o in enumerate(item.options))
            chosen.append(typer.prompt(f"{item.number}. {item.text} [{options}]", type=int))
    else:
        try:
            chosen = [int(x) for x in answers.split(",") if x.strip()]
        except ValueError:
            raise fail(
                field_error("answers", _("write numbers separated by commas, e.g. 0,1,0"))
            ) from None
    outcome = run_service(services.submit_check_in, member, inst.key, chosen)
    if outcome.screening is not None:
        _echo_decision(outcome.decision, _help_lines(member.household.country, outcome.decision))
        _screen_in_terminal(member, outcome.screening)
        typer.echo("")
    result = outcome.result
    typer.echo(f"{inst.short_name}: {result.total}/{result.max_total} ({result.band.label})")
    if outcome.screening is None:
        for fired in outcome.decision.fired:
            typer.echo(f"  {fired.message}")
    typer.echo(_("This is a screening result, not a diagnosis."))


@checkin_app.command("history")
def history(
    user: Annotated[str | None, typer.Option("--user", help="Whose history.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="JSON lines.")] = False,
) -> None:
    """Your check-ins (and what others shared with you), newest first."""
    from cli.main import _membership, local_date, setup_django

    setup_django()
    from wellbeing import selectors

    me = _membership(user)
    tz = me.household.tz
    for view in selectors.visible_check_ins(me):
        if as_json:
            typer.echo(
                json.dumps(
                    {
                        "id": view.id,
                        "member": view.member_name,
                        "instrument": view.instrument,
                        "created_at": view.created_at.isoformat(),
                        "shared": view.level,
                        "band": view.band,
                        "band_label": view.band_label,
                        "total": view.total,
                        "max_total": view.max_total,
                    },
                    ensure_ascii=False,
                )
            )
            continue
        when = local_date(view.created_at.astimezone(tz), "D d M Y H:i")
        total = f"{view.total}/{view.max_total}" if view.total is not None else "—"
        band = view.band_label or (_("(shared: done)") if view.level == "done" else "")
        typer.echo(
            f"{view.id:>6}  {when}  {view.member_name:<10} {view.instrument_name:<7} {total:>6}  {band}"
        )
