"""The comparison of several countries' answers, question by question: three queries (answers,
their provisions, questions) whatever the number of countries."""

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import F

from countries.i18n import Written, columns
from countries.models import Answer, Country, Provision, Question

UNKNOWN = Answer.Value.UNKNOWN


@dataclass
class Cell:
    country: Country
    value: str
    details: Written
    provisions: list


@dataclass
class Row:
    question: Question
    cells: list

    @property
    def differs(self):
        """Whether the countries answer differently: by value for a yes/no question, by text
        (spacing and case aside) for a text question."""
        if self.question.has_value:
            return len({cell.value for cell in self.cells}) > 1
        return len({" ".join(cell.details.text.split()).casefold() for cell in self.cells}) > 1


@dataclass
class SectionRows:
    section: object
    rows: list

    @property
    def differs(self):
        return any(row.differs for row in self.rows)


def compare(*, countries):
    """[SectionRows] in questionnaire order, one cell per country in the order given."""
    ids = [country.pk for country in countries]
    answers = {
        (answer.country_id, answer.question_id): answer
        for answer in Answer.objects.filter(country_id__in=ids).only(
            "pk", "country_id", "question_id", "value", *columns("details")
        )
    }
    provisions = defaultdict(list)
    for provision in (
        Provision.objects.filter(answers__country_id__in=ids)
        .annotate(answer_pk=F("answers__pk"))
        .select_related("instrument")
        .order_by("instrument__short_name", "order", "article")
    ):
        provisions[provision.answer_pk].append(provision)
    sections = []
    for question in Question.objects.select_related("section"):
        cells = []
        for country in countries:
            answer = answers.get((country.pk, question.pk))
            value = (answer.value if answer else "") or (UNKNOWN if question.has_value else "")
            cells.append(
                Cell(
                    country=country,
                    value=value,
                    details=answer.details_written if answer else Written(),
                    provisions=provisions.get(answer.pk, []) if answer else [],
                )
            )
        row = Row(question=question, cells=cells)
        if sections and sections[-1].section == question.section:
            sections[-1].rows.append(row)
        else:
            sections.append(SectionRows(section=question.section, rows=[row]))
    return sections
