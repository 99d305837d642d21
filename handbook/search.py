"""Search across countries, organizations, authorities, contact points, provisions and answers.

On PostgreSQL: full-text search (SearchVector / SearchRank, backed by GIN indexes that a
migration creates only there), trigram similarity on names for typing errors ("europl" finds
Europol) and accent-insensitive matching ("Turkiye" finds Türkiye). On SQLite: a fallback that
folds case and accents in Python (a registered SQL function), so that non-ASCII names match
case-insensitively too. Both rank an exact name match first.

Contact points are searched through `ContactPoint.objects.visible_to(user)`: an officials-only
contact point never appears, nor counts, for an anonymous visitor.
"""

import difflib
import logging
import re
from dataclasses import dataclass

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVectorField, TrigramWordSimilarity
from django.db import DatabaseError, connection, transaction
from django.db.models import Case, CharField, Expression, F, FloatField, Func, IntegerField, Q, Value, When
from django.db.models.functions import Coalesce, Lower
from django.utils.translation import gettext_lazy as _

from contacts.models import Authority, ContactPoint
from countries.i18n import columns, fold
from countries.models import Answer, Country, Instrument, Organization, Provision, Question, Section, Topic
from operations import data_version

logger = logging.getLogger(__name__)
TRIGRAM_COST = 100  # the planner's cost of one word-similarity test (tune_postgresql)

MAX_QUERY_LENGTH = 200
MAX_TERMS = 8
PER_KIND = 10
# Text search configurations made on PostgreSQL by handbook/migrations/0001 ("simple" with accents
# folded by the unaccent dictionary, for the English columns and for names) and 0007 (French and
# Russian stemming, accents folded, for the `_fr` and `_ru` columns).
SEARCH_CONFIG = "handbook"
SEARCH_CONFIGS = (SEARCH_CONFIG, "handbook_fr", "handbook_ru")


def register_sqlite_functions(sender, connection, **kwargs):
    """connection_created receiver: give SQLite the `handbook_fold` function."""
    if connection.vendor == "sqlite":
        connection.connection.create_function("handbook_fold", 1, fold, deterministic=True)


def tune_postgresql(connection):
    """Tell PostgreSQL's planner what a trigram test costs (run by handbook/migrations/0005 and
    after every `migrate` and `restore`, since a restored dump recreates the extension with its
    defaults).

    pg_trgm declares its word-similarity operator as cheap as an equality, but it costs far more:
    with the default cost the planner tests every authority's name rather than use the trigram
    index, and a search slows down with the size of the directory.

    Only the function's owner may change its cost: where the database user is not (pg_trgm created
    by an administrator, or by a restore), search still works, more slowly, and a warning says
    what an administrator runs."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT procost FROM pg_proc WHERE oid = to_regprocedure('word_similarity_commutator_op(text, text)')"
        )
        row = cursor.fetchone()
        if row is None or row[0] >= TRIGRAM_COST:
            return
        try:
            with transaction.atomic(using=connection.alias):
                cursor.execute(f"ALTER FUNCTION word_similarity_commutator_op(text, text) COST {TRIGRAM_COST}")
        except DatabaseError as error:
            logger.warning(
                "Search is slower until the trigram operator's cost is set (%s); as a PostgreSQL superuser, "
                "on this database: ALTER FUNCTION word_similarity_commutator_op(text, text) COST %s;",
                str(error).strip(),
                TRIGRAM_COST,
            )


class Fold(Func):
    function = "handbook_fold"
    output_field = CharField()


@dataclass(frozen=True)
class Kind:
    key: str
    label: str
    queryset: object  # a callable (user) -> QuerySet
    name_field: str
    text_fields: tuple


# The searched kinds. Their querysets read columns by their own names: the original column holds
# the English text, `_fr` and `_ru` the translations, or the versions focal points wrote (no
# rewriting by the reader's language, which would search one language only).
KINDS = (
    Kind(
        "countries",
        _("Countries"),
        lambda user: Country.objects.rewrite(False),
        "name",
        columns("name", "summary"),
    ),
    Kind(
        "organizations",
        _("Organizations"),
        lambda user: Organization.objects.rewrite(False),
        "acronym",
        ("acronym", *columns("name", "role")),
    ),
    Kind(
        "authorities",
        _("Competent authorities"),
        lambda user: Authority.objects.select_related("country", "organization"),
        "name",
        # What the pages show of an authority: its notes are for the editors (no page shows them).
        ("name", "address"),
    ),
    Kind(
        "contact_points",
        _("Contact points"),
        lambda user: ContactPoint.objects.visible_to(user).select_related(
            "authority__country", "authority__organization"
        ),
        "function",
        ("function", "person_name", "email", "hours"),
    ),
    Kind(
        "provisions",
        _("Legislation"),
        lambda user: Provision.objects.rewrite(False).select_related("instrument__country"),
        "title",
        ("article", *columns("title", "summary"), "excerpt"),
    ),
    Kind(
        "questions",
        _("Questions of the questionnaire"),
        lambda user: Question.objects.rewrite(False).select_related("section"),
        "text",
        columns("text"),
    ),
    Kind(
        "answers",
        _("Questionnaire answers"),
        lambda user: Answer.objects.exclude(details="", details_fr="", details_ru="").select_related(
            "country", "question"
        ),
        "details",
        columns("details"),
    ),
)


def clean_query(raw):
    """The text to search for: NUL characters removed, white space folded, length bounded: a
    longer text is cut after its last whole word within the bound (or at the bound, for a
    single long word)."""
    text = " ".join((raw or "").replace("\x00", "").split())
    if len(text) <= MAX_QUERY_LENGTH:
        return text
    cut = text[: MAX_QUERY_LENGTH + 1].rsplit(" ", 1)[0] if " " in text[: MAX_QUERY_LENGTH + 1] else ""
    return cut or text[:MAX_QUERY_LENGTH]


def is_shortened(raw):
    """Whether `clean_query` had to cut `raw`."""
    return len(" ".join((raw or "").replace("\x00", "").split())) > MAX_QUERY_LENGTH


class StoredSearchVector(Expression):
    """The `search_vector` column of the searched table: the text-search vector of its text
    fields, which PostgreSQL stores and keeps current (handbook/migrations/0005)."""

    output_field = SearchVectorField()

    def as_sql(self, compiler, connection):
        alias = compiler.query.get_initial_alias()
        return f"{compiler.quote_name_unless_alias(alias)}.search_vector", []


def _postgres(queryset, kind, text):
    """Full-text matches first (the stored vector weighs name matches above the rest), ranked by
    relevance; then the names that only resemble the text (a typing error), by resemblance. Both
    conditions use a GIN index (handbook/migrations/0001 and 0005). The full-text test comes first,
    so that the rows it finds are not also put through the costlier trigram test, and a row's
    resemblance is worked out only when the full text did not match. The text search configuration
    folds accents (unaccent)."""
    query = SearchQuery(text, search_type="websearch", config=SEARCH_CONFIGS[0])
    for config in SEARCH_CONFIGS[1:]:
        query |= SearchQuery(text, search_type="websearch", config=config)
    name = Coalesce(F(kind.name_field), Value(""), output_field=CharField())
    return (
        queryset.alias(search=StoredSearchVector())
        .filter(Q(search=query) | Q(**{f"{kind.name_field}__trigram_word_similar": text}))
        .alias(
            exact=Case(When(**{f"{kind.name_field}__iexact": text}, then=1), default=0, output_field=IntegerField()),
            score=Case(
                When(search=query, then=SearchRank(F("search"), query)),
                default=TrigramWordSimilarity(text, name) - 1,
                output_field=FloatField(),
            ),
        )
        .order_by("-exact", "-score", "pk")
    )


def _sqlite(queryset, kind, text):
    terms = [fold(term) for term in text.split()[:MAX_TERMS]]
    condition = Q()
    for term in terms:
        any_field = Q()
        for field in kind.text_fields:
            any_field |= Q(**{f"folded_{field}__contains": term})
        condition &= any_field
    folded = {f"folded_{field}": Fold(F(field)) for field in kind.text_fields}
    whole = fold(text)
    return (
        queryset.annotate(**folded)
        .filter(condition)
        .annotate(
            exact=Case(
                When(**{f"folded_{kind.name_field}": whole}, then=2),
                When(**{f"folded_{kind.name_field}__startswith": whole}, then=1),
                default=0,
                output_field=IntegerField(),
            ),
        )
        .order_by("-exact", Lower(kind.name_field), "pk")
    )


def search(raw_query, *, user, per_kind=PER_KIND):
    """Results grouped by kind: a list of (kind, results, has_more) for kinds that matched."""
    text = clean_query(raw_query)
    if not text:
        return []
    rank = _postgres if connection.vendor == "postgresql" else _sqlite
    groups = []
    for kind in KINDS:
        rows = list(rank(kind.queryset(user), kind, text)[: per_kind + 1])
        if rows:
            groups.append((kind, rows[:per_kind], len(rows) > per_kind))
    return groups


# "Did you mean": the words of what search indexes, to suggest the closest to a word it did not find.
WORD = re.compile(r"[^\W\d_]{3,}")
SUGGESTION_CUTOFF = 0.75  # difflib's ratio: "polise" → "police" is 0.83, "xyz" → nothing


def _columns(model, *fields):
    """Every value of `fields`, in every language stored (`rewrite(False)`: the columns named)."""
    texts = []
    for row in model.objects.rewrite(False).values_list(*fields):
        texts += row
    return texts


def _vocabulary():
    """The folded words of every public name and title that search covers, in every language
    stored (contact points are left out: some are for officials only)."""
    texts = []
    texts += _columns(Country, *columns("name"))
    texts += _columns(Organization, "acronym", *columns("name"))
    texts += Authority.objects.values_list("name", flat=True)
    texts += _columns(Provision, *columns("title"))
    texts += _columns(Instrument, "short_name", *columns("title"))
    texts += _columns(Question, *columns("text"))
    texts += _columns(Section, *columns("title"))
    texts += _columns(Topic, *columns("name"))
    words = set()
    for text in texts:
        words.update(WORD.findall(fold(text or "")))
    return sorted(words)


def vocabulary():
    return data_version.cached("search-vocabulary", _vocabulary)


def suggest(raw_query):
    """A query made of indexed words closest to the words of `raw_query` that are not indexed,
    or None: "polise" → "police". The same on every database."""
    words = clean_query(raw_query).split()[:MAX_TERMS]
    known = vocabulary()
    known_set = set(known)
    suggested, changed = [], False
    for word in words:
        folded = fold(word)
        if len(folded) < 3 or folded in known_set:
            suggested.append(word)
            continue
        closest = difflib.get_close_matches(folded, known, n=1, cutoff=SUGGESTION_CUTOFF)
        if closest:
            suggested.append(closest[0])
            changed = True
        else:
            suggested.append(word)
    return " ".join(suggested) if changed else None
