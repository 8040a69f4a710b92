from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("directory", "0001_initial"),
        ("pathways", "0003_directory_moved_out"),
    ]

    operations = [
        migrations.AlterModelTable(name="supportservice", table=None),
    ]
