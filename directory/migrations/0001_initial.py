# The support directory was part of the pathways app until it became its own
# app: the table is taken over as it stands (state only), then renamed (0002).

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("pathways", "0002_support_directory"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="SupportService",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("name", models.CharField(max_length=200)),
                        ("provider", models.CharField(blank=True, max_length=200)),
                        ("what_they_offer", models.TextField()),
                        ("contact", models.TextField(blank=True)),
                        (
                            "eligible_in_nrm",
                            models.BooleanField(default=False, verbose_name="In the NRM"),
                        ),
                        (
                            "eligible_not_in_nrm",
                            models.BooleanField(default=False, verbose_name="Not in the NRM"),
                        ),
                        (
                            "eligible_negative_decision",
                            models.BooleanField(default=False, verbose_name="Negative decision"),
                        ),
                        (
                            "eligible_positive_decision",
                            models.BooleanField(default=False, verbose_name="Positive decision"),
                        ),
                        (
                            "gender",
                            models.CharField(
                                choices=[
                                    ("all", "All genders"),
                                    ("female", "Women only"),
                                    ("male", "Men only"),
                                ],
                                default="all",
                                max_length=10,
                            ),
                        ),
                        ("accepts_men", models.BooleanField(default=True, editable=False)),
                        ("accepts_little_english", models.BooleanField(default=False)),
                        ("accepts_substance_use", models.BooleanField(default=False)),
                        (
                            "capacity",
                            models.CharField(
                                choices=[
                                    ("available", "Taking referrals"),
                                    ("limited", "Limited places"),
                                    ("full", "Full"),
                                    ("unknown", "Not known"),
                                ],
                                default="unknown",
                                max_length=10,
                            ),
                        ),
                        ("capacity_note", models.CharField(blank=True, max_length=300)),
                        ("is_active", models.BooleanField(default=True)),
                        ("seed_key", models.CharField(blank=True, editable=False, max_length=40)),
                        ("created_at", models.DateTimeField(auto_now_add=True)),
                        ("updated_at", models.DateTimeField(auto_now=True)),
                        (
                            "updated_by",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "db_table": "pathways_supportservice",
                        "ordering": ["name", "pk"],
                        "constraints": [
                            models.UniqueConstraint(
                                condition=models.Q(("seed_key", ""), _negated=True),
                                fields=("seed_key",),
                                name="support_service_unique_seed_key",
                            ),
                            models.CheckConstraint(
                                condition=models.Q(
                                    models.Q(("accepts_men", False), ("gender", "female")),
                                    models.Q(
                                        models.Q(("gender", "female"), _negated=True),
                                        ("accepts_men", True),
                                    ),
                                    _connector="OR",
                                ),
                                name="support_service_accepts_men_matches_gender",
                            ),
                        ],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
