"""Plans keep their sentences as a key and values (planner.Words), worded when shown, in the
reader's language. Sentences stored in English by earlier releases become "as_written"."""

from django.db import migrations, models
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps


def _as_written(text: str) -> dict[str, object]:
    return {"key": "as_written", "values": {"text": text}}


def forwards(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    Plan = apps.get_model("guidance", "Plan")
    PlanSession = apps.get_model("guidance", "PlanSession")
    for plan in Plan.objects.all().only("id", "notes").iterator():
        notes = [
            n if "key" in n else {"code": n.get("code", ""), **_as_written(n.get("text", ""))}
            for n in plan.notes or []
        ]
        if notes != plan.notes:
            Plan.objects.filter(pk=plan.pk).update(notes=notes)
    for row in PlanSession.objects.all().only("id", "reason").iterator():
        PlanSession.objects.filter(pk=row.pk).update(
            reason_words=[_as_written(row.reason)] if row.reason else []
        )


class Migration(migrations.Migration):
    dependencies = [("guidance", "0001_initial")]

    operations = [
        migrations.AddField(
            model_name="plansession",
            name="reason_words",
            field=models.JSONField(default=list),
        ),
        migrations.RunPython(forwards, migrations.RunPython.noop),
        migrations.RemoveField(model_name="plansession", name="reason"),
        migrations.RenameField(model_name="plansession", old_name="reason_words", new_name="reason"),
    ]
