"""
Indexes that user search can use: `icontains` is LIKE '%text%', which a B-tree index
cannot answer, but a trigram index (PostgreSQL's pg_trgm) can. Other databases have no
such index, so there this migration does nothing.
"""
from django.conf import settings
from django.db import migrations

# (model, column, index name): the expressions match what `icontains` compiles to.
SEARCHED = [
    (settings.AUTH_USER_MODEL, "username", "profiles_search_username_trgm"),
    ("profiles.Profile", "display_name", "profiles_search_display_name_trgm"),
]


def create_trigram_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    quote = schema_editor.quote_name
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for model, column, index in SEARCHED:
        table = apps.get_model(model)._meta.db_table
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {quote(index)} ON {quote(table)} USING gin (UPPER({quote(column)}) gin_trgm_ops)")


def drop_trigram_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for _model, _column, index in SEARCHED:
        schema_editor.execute(f"DROP INDEX IF EXISTS {schema_editor.quote_name(index)}")


class Migration(migrations.Migration):
    dependencies = [
        ("profiles", "0002_profiles_for_existing_users"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RunPython(create_trigram_indexes, drop_trigram_indexes),
    ]
