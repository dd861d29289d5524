"""``User.has_2fa``: whether the account has a TOTP authenticator, set from existing ones."""

from django.db import migrations, models


def flag_enrolled_users(apps, schema_editor):  # type: ignore[no-untyped-def]
    User = apps.get_model("accounts", "User")
    Authenticator = apps.get_model("mfa", "Authenticator")
    enrolled = Authenticator.objects.filter(type="totp").values("user_id")
    User.objects.filter(pk__in=enrolled).update(has_2fa=True)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("mfa", "0003_authenticator_type_uniq"),
    ]

    operations = [
        migrations.AddField(
            model_name="user",
            name="has_2fa",
            field=models.BooleanField(
                default=False,
                editable=False,
                help_text="Whether the account has an authenticator app (TOTP) enrolled. Kept "
                "in step with its authenticators by newsbudget.accounts.twofactor; every "
                "request reads it from the user row it loads anyway.",
                verbose_name="two-factor authentication",
            ),
        ),
        migrations.RunPython(flag_enrolled_users, migrations.RunPython.noop, elidable=True),
    ]
