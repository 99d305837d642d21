"""The model moved here from the "handbook" app: only Django's record of it changes (state); the
table keeps its name and rows. handbook/migrations/0009 drops it from "handbook" and moves its
content type, so permissions and group permissions keep pointing at it."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        # Its table was created there; it stays as it is (see handbook/migrations/0009).
        ('handbook', '0008_search_written_translations'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='ReviewReminder',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('sent_on', models.DateField(verbose_name='sent on')),
                        ('items_count', models.PositiveIntegerField(verbose_name='entries to review')),
                        ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='review_reminders', to=settings.AUTH_USER_MODEL, verbose_name='user')),
                    ],
                    options={
                        'verbose_name': 'review reminder',
                        'verbose_name_plural': 'review reminders',
                        'db_table': 'handbook_reviewreminder',
                        'ordering': ['-sent_on', 'user'],
                        'constraints': [models.UniqueConstraint(fields=('user', 'sent_on'), name='one_review_reminder_per_user_and_day')],
                    },
                ),
            ],
        ),
    ]
