"""Dad's plan on the demo family, through the services: properties, not a fixed output."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine

from carelog.models import Event
from guidance import content, selectors, services
from guidance.models import Availability, Plan, PlanSession, Tried
from guidance.testing import NOW, Demo
from households.exceptions import InvalidInput, NotAllowed, NotFound
from households.models import Membership
from notifications.models import Reminder, State
from planner import band_of
from planner.tests.helpers import said, said_each


def dads_plan(demo: Demo) -> Plan:
    plan = selectors.active_plan(demo.dad.household, demo.dad)
    assert plan is not None
    return plan


def calm_hours(plan: Plan) -> set[tuple[int, int]]:
    """(weekday, hour) of every calm window the plan was made from."""
    return {
        (w["weekday"], m // 60)
        for w in plan.inputs["calm_windows"]
        for m in range(w["start_min"], w["end_min"])
    }


def inside(windows: list[list[int]], start: int, minutes: int) -> bool:
    return any(s <= start and start + minutes <= e for s, e in windows)


def pending(member: Membership) -> dict[str, Reminder]:
    rows = Reminder.objects.filter(membership=member, kind="session", state=State.PENDING)
    keys = [r.dedupe_key for r in rows]
    assert len(keys) == len(set(keys)), "duplicate reminders"
    return {r.dedupe_key: r for r in rows}


def rate_in_order(demo: Demo, plan: Plan, responses: list[str], confidence: int = 4) -> list:
    """Rate the plan's next sessions in time order, each just after it ends."""
    rated = []
    for response in responses:
        row = plan.sessions.filter(status=PlanSession.Status.SCHEDULED).first()
        assert row is not None
        with time_machine.travel(row.start_at + timedelta(minutes=row.minutes), tick=False):
            services.rate_session(demo.dad, plan, row, response, confidence)
        plan.refresh_from_db()
        rated.append(row)
    return rated


# --- the plan ------------------------------------------------------------------------


def test_every_session_is_inside_dads_free_time_and_a_calm_window(demo):
    plan = dads_plan(demo)
    free = Availability.objects.get(membership=demo.dad).days
    calm = calm_hours(plan)
    sleep = plan.inputs["baby_sleep_windows"]
    rows = list(plan.sessions.all())
    assert len(rows) >= 8
    for s in rows:
        wd = s.date.weekday()
        assert inside(free[wd], s.start_min, s.minutes), s
        for minute in range(s.start_min, s.start_min + s.minutes):
            assert (wd, minute // 60) in calm, s
            assert not inside(sleep[wd], minute, 1), s
        assert s.start_at > NOW
    # Dad works 06:00-22:00 on weekdays and the baby sleeps from about 19:30, so in this
    # family the overlap is the weekend.
    assert {s.date.weekday() for s in rows} <= {5, 6}


def test_dad_owns_a_weekend_bath_every_week(demo):
    plan = dads_plan(demo)
    owned = [s for s in plan.sessions.all() if s.is_owned_routine]
    assert len(owned) == plan.weeks
    assert all(s.logs_as == "bath" and s.date.weekday() >= 5 for s in owned)
    assert "This one is yours" in said(owned[0].reason)


def test_skin_to_skin_only_in_a_changed_form_with_a_reason(demo):
    plan = dads_plan(demo)
    skin = [s for s in plan.sessions.all() if s.family == "skin_to_skin"]
    assert skin, "the plan should offer skin-to-skin again, differently"
    for s in skin:
        assert s.is_changed_form
        assert "tried before and didn't go well" in said(s.reason)
    # Everything the family tried and that failed is only ever offered changed.
    failed = set(Tried.objects.filter(membership=demo.dad).values_list("family", flat=True))
    for s in plan.sessions.all():
        assert s.family not in failed or s.is_changed_form, s


def test_the_plan_starts_at_level_1_and_keeps_its_inputs(demo):
    plan = dads_plan(demo)
    assert plan.level == 1 and plan.is_active and plan.has_overlap
    assert plan.inputs["baby_name"] == "Sam" and plan.inputs["timezone"] == "Europe/London"
    assert plan.membership == demo.dad and plan.created_by == demo.mum


# --- reminders -----------------------------------------------------------------------


def test_each_upcoming_session_has_one_reminder_inside_dads_free_time(demo):
    plan = dads_plan(demo)
    reminders = pending(demo.dad)
    free = Availability.objects.get(membership=demo.dad).days
    tz = demo.dad.household.tz
    for s in plan.sessions.all():
        reminder = reminders.pop(s.reminder_key)
        assert s.start_at - timedelta(minutes=30) <= reminder.due_at < s.start_at
        local = reminder.due_at.astimezone(tz)
        assert inside(free[local.weekday()], local.hour * 60 + local.minute, 0)
        assert s.title in reminder.title and reminder.url.endswith(f"#session-{s.pk}")
    assert not reminders


def test_a_new_plan_replaces_the_old_one_and_its_reminders(demo):
    old = dads_plan(demo)
    old_keys = {s.reminder_key for s in old.sessions.all()}
    new = services.create_plan(demo.dad)
    old.refresh_from_db()
    assert not old.is_active and selectors.active_plan(demo.dad.household, demo.dad) == new
    keys = set(pending(demo.dad))
    assert keys == {s.reminder_key for s in new.sessions.all()}
    # Sessions the new plan dropped lost their reminders.
    dropped = old_keys - keys
    assert not Reminder.objects.filter(membership=demo.dad, dedupe_key__in=dropped).exists()


def test_a_remade_plan_does_not_remind_again_for_a_session_already_reminded(demo):
    old = dads_plan(demo)
    first = old.sessions.order_by("start_at").first()
    reminder = Reminder.objects.get(membership=demo.dad, dedupe_key=first.reminder_key)
    Reminder.objects.filter(pk=reminder.pk).update(state=State.SENT, attempts=1)
    new = services.create_plan(demo.dad)
    same = new.sessions.filter(start_at=first.start_at, activity_id=first.activity_id).first()
    if same is not None:
        assert same.reminder_key == first.reminder_key
    reminders = Reminder.objects.filter(membership=demo.dad, dedupe_key=first.reminder_key)
    assert reminders.count() == 1 and reminders.get().state == State.SENT


# --- starting and rating -------------------------------------------------------------


def test_starting_logs_the_session_as_dad_with_mum_nearby(demo):
    plan = dads_plan(demo)
    row = plan.sessions.first()
    with time_machine.travel(row.start_at, tick=False):
        services.start_session(demo.dad, plan, row)
    row.refresh_from_db()
    assert row.status == "started"
    event = Event.objects.get(pk=row.event_id)
    assert event.kind == row.logs_as and event.end is None
    assert event.caregiver == demo.dad
    assert list(event.others_present.all()) == [demo.mum]  # level 1: partner nearby


def test_rating_puts_the_answers_on_the_logged_event(demo):
    plan = dads_plan(demo)
    row = plan.sessions.first()
    with time_machine.travel(row.start_at, tick=False):
        services.start_session(demo.dad, plan, row)
    with time_machine.travel(row.start_at + timedelta(minutes=12), tick=False):
        services.rate_session(demo.dad, plan, row, "fussy", 3)
    row.refresh_from_db()
    event = Event.objects.get(pk=row.event_id)
    assert event.end is not None
    assert event.details["baby_response"] == "fussy" and event.details["parent_confidence"] == 3
    assert row.status == "done" and row.baby_response == "fussy" and row.parent_confidence == 3


def test_rating_without_starting_logs_a_finished_session(demo):
    plan = dads_plan(demo)
    row = plan.sessions.first()
    with time_machine.travel(row.start_at + timedelta(minutes=20), tick=False):
        services.rate_session(demo.dad, plan, row, "content", 4)
    event = Event.objects.get(pk=PlanSession.objects.get(pk=row.pk).event_id)
    assert event.caregiver == demo.dad and event.end - event.start == timedelta(minutes=row.minutes)


def test_three_content_sessions_in_a_row_raise_the_level(demo):
    plan = dads_plan(demo)
    rate_in_order(demo, plan, ["content", "content"])
    assert plan.level == 1
    rate_in_order(demo, plan, ["content"])
    assert plan.level == 2
    assert "level_up" in {n["code"] for n in plan.notes}
    upcoming = plan.sessions.filter(status=PlanSession.Status.SCHEDULED)
    assert upcoming and any(s.level == 2 for s in upcoming)


def test_two_crying_sessions_step_the_level_down(demo):
    plan = dads_plan(demo)
    rate_in_order(demo, plan, ["content", "content", "content"])
    assert plan.level == 2
    rate_in_order(demo, plan, ["crying", "crying"])
    assert plan.level == 1
    assert "step_down" in {n["code"] for n in plan.notes}
    assert all(s.level == 1 for s in plan.sessions.filter(status="scheduled"))


def test_two_crying_sessions_at_level_1_shift_the_time_or_say_why_not(demo):
    plan = dads_plan(demo)
    rated = rate_in_order(demo, plan, ["crying", "crying"])
    codes = {n["code"] for n in plan.notes}
    assert plan.level == 1
    assert codes & {"shift_time", "no_shift"}
    if "shift_time" in codes:
        band = band_of(rated[-1].start_min)
        later = plan.sessions.filter(status="scheduled")
        assert later and all(band_of(s.start_min) != band for s in later)


def test_adapting_reschedules_reminders_without_duplicates(demo):
    plan = dads_plan(demo)
    rate_in_order(demo, plan, ["content", "content", "content", "crying", "crying"])
    reminders = pending(demo.dad)
    upcoming = plan.sessions.filter(status="scheduled")
    assert upcoming
    assert set(reminders) == {s.reminder_key for s in upcoming}


def test_rating_never_crowds_a_day_beyond_its_sessions(demo):
    plan = dads_plan(demo)
    rate_in_order(demo, plan, ["content", "fussy", "content", "content", "crying", "content"])
    for day in {s.date for s in plan.sessions.all()}:
        count = plan.sessions.filter(date=day).count()
        assert count <= (2 if day.weekday() >= 5 else 1), day


def test_the_weekly_review_counts_his_own_sessions(demo):
    plan = dads_plan(demo)
    rate_in_order(demo, plan, ["content", "fussy", "content"])
    review = services.weekly_review(plan, plan.start_date + timedelta(days=6))
    assert review.this_week.sessions == 3 and review.this_week.content == 2
    assert any("2 of 3" in s for s in said_each(review.sentences))


# --- who may do what -----------------------------------------------------------------


def test_the_partner_sees_a_plan_but_cannot_change_it(demo):
    mums = services.create_plan(demo.mum)  # Mum (the owner) is free all week
    assert selectors.plan(demo.dad.household, mums.pk) == mums
    assert not selectors.can_change(demo.dad, mums)
    row = mums.sessions.first()
    with time_machine.travel(row.start_at, tick=False), pytest.raises(NotAllowed):
        services.start_session(demo.dad, mums, row)
    with pytest.raises(NotAllowed):
        services.create_plan(demo.dad, member=demo.mum)
    # The owner may change anyone's plan.
    assert selectors.can_change(demo.mum, dads_plan(demo))


def test_an_outsider_cannot_see_or_touch_the_plan(demo, people):
    plan = dads_plan(demo)
    with pytest.raises(NotFound):
        selectors.plan(people.charlie.household, plan.pk)
    with pytest.raises(NotFound):
        services.start_session(people.charlie, plan, plan.sessions.first())


def test_a_viewer_can_look_but_not_change(demo, django_user_model):
    user = django_user_model.objects.create_user(username="gran", password="x" * 12)
    gran = Membership.objects.create(
        household=demo.mum.household, user=user, display_name="Gran", role="viewer"
    )
    plan = dads_plan(demo)
    assert selectors.plan(gran.household, plan.pk) == plan
    with pytest.raises(NotAllowed):
        services.rate_session(gran, plan, plan.sessions.first(), "content", 4)
    with pytest.raises(NotAllowed):
        services.set_availability(gran, [[]] * 7)


# --- bad input -----------------------------------------------------------------------


def test_an_unknown_activity_is_refused_by_name(demo):
    before = Tried.objects.count()
    with pytest.raises(InvalidInput) as caught:
        services.record_tried(demo.dad, "juggling", "failed")
    assert set(caught.value.errors) == {"family"}
    assert Tried.objects.count() == before


def test_a_confidence_of_9_is_refused_and_nothing_is_written(demo):
    plan = dads_plan(demo)
    row = plan.sessions.first()
    events = Event.objects.count()
    with time_machine.travel(row.start_at, tick=False), pytest.raises(InvalidInput) as caught:
        services.rate_session(demo.dad, plan, row, "content", 9)
    assert set(caught.value.errors) == {"parent_confidence"}
    row.refresh_from_db()
    assert row.status == "scheduled" and not row.baby_response
    assert Event.objects.count() == events


def test_a_window_ending_before_it_starts_names_the_day(demo):
    before = Availability.objects.get(membership=demo.dad).days
    days = [[] for _ in range(7)]
    days[2] = [(600, 540)]
    with pytest.raises(InvalidInput) as caught:
        services.set_availability(demo.dad, days)
    assert set(caught.value.errors) == {"wednesday"}
    assert Availability.objects.get(membership=demo.dad).days == before


def test_work_hours_are_stored_as_the_free_time_around_them(db, people):
    days = [[(360, 1320)]] * 5 + [[], []]
    row = services.set_availability(people.bob, days, "work")
    assert row.days[0] == [[0, 360], [1320, 1440]]
    assert row.days[5] == [[0, 1440]]


def test_no_plan_without_availability(db, people):
    with pytest.raises(InvalidInput) as caught:
        services.create_plan(people.bob)
    assert set(caught.value.errors) == {"availability"}
    assert not Plan.objects.filter(membership=people.bob).exists()


# --- weekly messages -----------------------------------------------------------------


def test_weekly_messages_suit_each_parent_and_are_sent_once_a_week(demo):
    mum_message, mum_role, week = services.weekly_message(demo.mum, demo.baby)
    _dad_message, dad_role, _ = services.weekly_message(demo.dad, demo.baby)
    assert (mum_role, dad_role) == ("primary", "partner")  # Mum does most of the care
    assert 20 <= week <= 24
    services.schedule_weekly_messages(demo.mum.household)
    services.schedule_weekly_messages(demo.mum.household)
    rows = Reminder.objects.filter(kind="weekly_message", membership=demo.mum)
    assert rows.count() == 2  # this week and next, once each
    assert mum_message.baby_now in rows.get(dedupe_key__endswith=f":{week}").body


def test_reminders_speak_the_language_of_the_parent_they_are_for(demo):
    Membership.objects.filter(pk=demo.dad.pk).update(language="es")
    demo.dad.refresh_from_db()
    services.schedule_weekly_messages(demo.mum.household)  # scheduled by Mum's request
    dad_message, _role, week = services.weekly_message(demo.dad, demo.baby)
    dads = Reminder.objects.get(
        kind="weekly_message", membership=demo.dad, dedupe_key__endswith=f":{week}"
    )
    assert dads.title.startswith("Semana")
    assert dad_message.in_language("es").connect in dads.body
    mums = Reminder.objects.filter(kind="weekly_message", membership=demo.mum).first()
    assert mums is not None and mums.title.startswith("Week")
    # A session reminder of Dad's plan, made by Mum: Dad's language, the Spanish title.
    plan = services.create_plan(demo.mum, member=demo.dad, baby=demo.baby)
    row = plan.sessions.first()
    session = Reminder.objects.get(kind="session", membership=demo.dad, dedupe_key=row.reminder_key)
    title = content.activity(row.activity_id).in_language("es").title
    assert title in session.title and "Abre tu plan" in session.body
