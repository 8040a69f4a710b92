import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("referrals", "0001_initial"),
        ("directory", "0001_initial"),
    ]

    operations = [
        migrations.AlterField(
            model_name="servicereferral",
            name="service",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="referrals",
                to="directory.supportservice",
            ),
        ),
    ]
