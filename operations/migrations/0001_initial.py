"""The model moved here from the "handbook" app: only Django's record of it changes (state); the
table keeps its name and rows. handbook/migrations/0009 drops it from "handbook" and moves its
content type, so permissions and group permissions keep pointing at it."""

from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        # Its table was created there; it stays as it is (see handbook/migrations/0009).
        ('handbook', '0008_search_written_translations'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='ScheduledRun',
                    fields=[
                        ('name', models.CharField(max_length=50, primary_key=True, serialize=False, verbose_name='job')),
                        ('started_at', models.DateTimeField(verbose_name='started at')),
                        ('finished_at', models.DateTimeField(blank=True, null=True, verbose_name='finished at')),
                        ('node', models.CharField(blank=True, max_length=255, verbose_name='node')),
                        ('outcome', models.CharField(choices=[('running', 'Running'), ('succeeded', 'Succeeded'), ('failed', 'Failed')], max_length=10, verbose_name='outcome')),
                    ],
                    options={
                        'verbose_name': 'scheduled run',
                        'verbose_name_plural': 'scheduled runs',
                        'db_table': 'handbook_scheduledrun',
                        'ordering': ['name'],
                    },
                ),
            ],
        ),
    ]
