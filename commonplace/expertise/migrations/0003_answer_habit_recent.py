"""Recent activity kept on each answer habit, filled in for the rows that
exist, so the ranker reads it at once after upgrading (no rebuild needed).

The arithmetic is `decay.recent_sum`'s, written out with this migration's
own models so later changes to the app's code cannot change what it does.
"""

from datetime import timedelta

from django.db import migrations, models

RECENT_HALF_LIFE = timedelta(days=28)
BATCH = 2000


def fill_recent(apps, schema_editor):
    AnswerHabit = apps.get_model("expertise", "AnswerHabit")
    Answer = apps.get_model("knowledge", "Answer")
    habits = {
        (habit.person_id, habit.community_id): habit
        for habit in AnswerHabit.objects.only(
            "person", "community", "last_answer_at", "recent"
        )
    }
    if not habits:
        return
    live = Answer.objects.filter(
        post__kind="question",
        post__deleted_at__isnull=True,
        post__hidden_at__isnull=True,
        deleted_at__isnull=True,
        hidden_at__isnull=True,
    ).values_list("author_id", "post__community_id", "created_at")
    for author, community, created_at in live.iterator(chunk_size=BATCH):
        habit = habits.get((author, community))
        if habit is not None:
            age = max(habit.last_answer_at - created_at, timedelta(0))
            habit.recent += 2 ** (-age / RECENT_HALF_LIFE)
    AnswerHabit.objects.bulk_update(habits.values(), ["recent"], batch_size=BATCH)


class Migration(migrations.Migration):
    dependencies = [
        ("expertise", "0002_routing"),
        ("knowledge", "0003_post_links"),
    ]

    operations = [
        migrations.AddField(
            model_name="answerhabit",
            name="recent",
            field=models.FloatField(default=0.0),
        ),
        migrations.RunPython(fill_recent, migrations.RunPython.noop),
    ]
