"""Right first time: what a request to one State still lacks before it can be final.

The essentials every request needs (`draft.ESSENTIALS`), then what the State's answers and the
request itself make necessary: a reason and a deadline for an urgent request, the expected date of
the crossing into the State, how samples are kept where substitution is asked, who the accompanying
officers are, the domestic decision where the State requires a judicial authorisation, and an
addressee."""

from django.utils.translation import gettext as _

from drafting import draft as d
from drafting.dossier import YES


def label(name):
    return str(d.DraftForm.base_fields[name].label)


def missing(*, values, crossings, state, receiver):
    """Sentences naming what is missing for `state` (a `Requested`), in the form's order.

    `values`: the draft's values by field name; `crossings`: its crossing rows; `receiver`: the
    receiving authority the request goes to, or None."""
    country = state.country.name
    found = [label(name) for name in d.ESSENTIALS if not values.get(name)]
    if values.get("urgency", d.ROUTINE) != d.ROUTINE:
        found += [label(name) for name in ("urgency_reason", "deadline") if not values.get(name)]
    entering = next((row for row in crossings if row.get("entering") == state.code), None)
    if state.stop.position > 0 and not (entering and entering.get("date")):
        found.append(_("The expected date of the crossing into %(country)s") % {"country": country})
    if values.get("substitution", d.Scale.NONE) != d.Scale.NONE and not values.get("samples"):
        found.append(_("%(field)s (substitution is asked)") % {"field": label("samples")})
    if values.get("accompanying", d.NOT_ACCOMPANIED) != d.NOT_ACCOMPANIED and not values.get("accompanying_details"):
        found.append(label("accompanying_details"))
    if state.value("judicial_authorisation") == YES and not values.get("domestic_decision"):
        # An essential already listed: said once, with the State's reason.
        found[found.index(label("domestic_decision"))] = _(
            "%(field)s (%(country)s requires a judicial authorisation)"
        ) % {"field": label("domestic_decision"), "country": country}
    if receiver is None:
        found.append(
            _(
                "An addressee: no authority of %(country)s is recorded as receiving requests; "
                "confirm it with its single point of contact"
            )
            % {"country": country}
        )
    return list(dict.fromkeys(found))
