# SupportService now belongs to the directory app (directory 0001 took over its
# table); only Django's record of the model leaves pathways.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("pathways", "0002_support_directory"),
        ("referrals", "0002_service_referral_directory"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="SupportService")],
            database_operations=[],
        ),
    ]
