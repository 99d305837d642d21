"""The model moved here from the "handbook" app: only Django's record of it changes (state); the
table keeps its name and rows. handbook/migrations/0009 drops it from "handbook" and moves its
content type, so permissions and group permissions keep pointing at it."""

import django.db.models.deletion
import django.db.models.functions.text
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        # Its table was created there; it stays as it is (see handbook/migrations/0009).
        ('handbook', '0008_search_written_translations'),
        ('countries', '0014_load_reference'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='AccessRequest',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('name', models.CharField(max_length=200, verbose_name='full name')),
                        ('organization', models.CharField(max_length=200, verbose_name='organization')),
                        ('email', models.EmailField(max_length=254, verbose_name='official email')),
                        ('reason', models.TextField(max_length=2000, verbose_name='why you need access')),
                        ('status', models.CharField(choices=[('pending', 'Pending'), ('approved', 'Approved'), ('rejected', 'Rejected')], default='pending', max_length=10, verbose_name='status')),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='requested at')),
                        ('decided_at', models.DateTimeField(blank=True, null=True, verbose_name='decided at')),
                        ('account', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='access_requests', to=settings.AUTH_USER_MODEL, verbose_name='account')),
                        ('country', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='access_requests', to='countries.country', verbose_name='country')),
                        ('decided_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='decided by')),
                    ],
                    options={
                        'verbose_name': 'access request',
                        'verbose_name_plural': 'access requests',
                        'db_table': 'handbook_accessrequest',
                        'ordering': ['-created_at'],
                        'constraints': [models.UniqueConstraint(django.db.models.functions.text.Lower('email'), condition=models.Q(('status', 'pending')), name='one_pending_access_request_per_email', violation_error_message='A request for this email address is already waiting for a decision.')],
                    },
                ),
            ],
        ),
    ]
