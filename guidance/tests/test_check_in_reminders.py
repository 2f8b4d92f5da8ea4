from datetime import UTC, datetime, timedelta

import time_machine

from guidance import services
from notifications.models import Reminder

NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)  # a Monday


@time_machine.travel(NOW, tick=False)
def test_each_parent_gets_one_sensitive_check_in_reminder_a_week(people):
    assert services.schedule_check_in_reminders(people.household) == 2  # Mum and Dad, not Vera
    reminders = Reminder.objects.filter(kind="check_in")
    assert {r.membership for r in reminders} == {people.alice, people.bob}
    assert all(r.is_sensitive for r in reminders)
    with time_machine.travel(NOW + timedelta(days=2), tick=False):
        services.schedule_check_in_reminders(people.household)
    assert Reminder.objects.filter(kind="check_in").count() == 2  # same week: no nagging
    with time_machine.travel(NOW + timedelta(days=7), tick=False):
        services.schedule_check_in_reminders(people.household)
    assert Reminder.objects.filter(kind="check_in").count() == 4


@time_machine.travel(NOW, tick=False)
def test_no_reminder_when_nothing_is_due(people):
    from wellbeing import services as wellbeing

    wellbeing.submit_check_in(people.alice, "phq2", [0, 0])
    wellbeing.submit_check_in(people.alice, "gad2", [0, 0])
    services.schedule_check_in_reminders(people.household)
    assert not Reminder.objects.filter(kind="check_in", membership=people.alice).exists()
    assert Reminder.objects.filter(kind="check_in", membership=people.bob).exists()
