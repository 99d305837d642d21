"""Query expressions shared by the apps."""

from django.db.models import Aggregate, CharField, F, OuterRef, Subquery, Value

from countries.i18n import translated_path


class JoinedStrings(Aggregate):
    """Join the values of a column into one ", "-separated string (sorted on PostgreSQL)."""

    function = "GROUP_CONCAT"
    template = "%(function)s(%(expressions)s, ', ')"
    output_field = CharField()

    def resolve_expression(self, query=None, *args, **kwargs):
        """A translated field it joins ("languages__name", a channel's "name") is read in the
        reader's language, else in English: django-modeltranslation rewrites field names in
        `filter()` and `values()`, not inside an expression."""
        joined = self.copy()
        if query is not None:
            joined.set_source_expressions(
                [
                    translated_path(query.model, expression.name) if isinstance(expression, F) else expression
                    for expression in joined.get_source_expressions()
                ]
            )
        return super(JoinedStrings, joined).resolve_expression(query, *args, **kwargs)

    def as_postgresql(self, compiler, connection, **extra_context):
        sql, params = self.as_sql(
            compiler,
            connection,
            function="STRING_AGG",
            template="%(function)s(%(expressions)s, ', ' ORDER BY %(expressions)s)",
            **extra_context,
        )
        # The expression is written twice (joined, then ordered by): so are its parameters (the
        # empty text a translated name falls back from, for one).
        return sql, (*params, *params)


def joined_names(related_queryset, link, field="name"):
    """A subquery giving, for each outer row, the joined `field` of its related rows.

    `related_queryset` is the related model's queryset and `link` the lookup from it back to the
    outer row, e.g. `joined_names(Language.objects.all(), "contact_points")`. It saves a
    prefetch query per many-to-many relation on pages with a fixed query budget.
    """
    # One aggregate over all the related rows, without GROUP BY: grouped by the constant, which
    # Django leaves out of GROUP BY. Grouped by `link`, PostgreSQL planned a scan of the whole
    # related table for every outer row.
    return Subquery(
        related_queryset.filter(**{link: OuterRef("pk")})
        .order_by()
        .annotate(one_group=Value(1))
        .values("one_group")
        .annotate(joined=JoinedStrings(field))
        .values("joined"),
        output_field=CharField(),
    )
