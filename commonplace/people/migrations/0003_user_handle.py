"""Every person gets a handle, made from their name, unique."""

from django.db import migrations, models

from commonplace.people.handles import MAX_HANDLE_LENGTH, base_handle, first_free


def give_handles(apps, schema_editor):
    User = apps.get_model("people", "User")
    taken: set[str] = set()
    for person in User.objects.order_by("pk").only("pk", "display_name", "email"):
        name = person.display_name or (person.email or "").split("@")[0]
        handle = first_free(base_handle(name), taken)
        taken.add(handle)
        User.objects.filter(pk=person.pk).update(handle=handle)


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0002_follow_communities_and_community_managers"),
    ]

    operations = [
        migrations.AddField(
            model_name="user",
            name="handle",
            field=models.CharField(
                editable=False,
                max_length=MAX_HANDLE_LENGTH,
                null=True,
                verbose_name="handle",
            ),
        ),
        migrations.RunPython(give_handles, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="user",
            name="handle",
            field=models.CharField(
                editable=False,
                max_length=MAX_HANDLE_LENGTH,
                unique=True,
                verbose_name="handle",
            ),
        ),
    ]
