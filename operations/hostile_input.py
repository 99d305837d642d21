"""Input that no page can use is refused before any view reads it.

- A NUL character in the path, a query parameter or a form field (name or value) is a 400 (the
  site's page, or a JSON error at a JSON address): no text field can hold it, and PostgreSQL
  refuses it in a query, which made the admin's search, filters and autocomplete answer 500.
- TRACE (and its alias TRACK) is a 405 on every address, the metrics included: it only ever
  echoes a request back.
"""

from django.core.exceptions import BadRequest
from django.http import HttpResponseNotAllowed, JsonResponse
from django.utils.translation import gettext as _

NUL = "\x00"
REFUSED_METHODS = {"TRACE", "TRACK"}
ALLOWED_METHODS = ["GET", "HEAD", "POST", "OPTIONS"]
FORM_TYPES = {"application/x-www-form-urlencoded", "multipart/form-data"}


def _holds_nul(query_dict):
    return any(NUL in key or any(NUL in value for value in values) for key, values in query_dict.lists())


class RefuseUnusableInput:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method in REFUSED_METHODS:
            return HttpResponseNotAllowed(ALLOWED_METHODS)
        if NUL in request.path or _holds_nul(request.GET):
            if request.path.endswith(".json"):
                # A JSON address answers in JSON, as its own errors do (handbook/route/views.py).
                message = _("The address holds a character that no field can take (NUL).")
                return JsonResponse({"error": message, "errors": [message]}, status=400)
            raise BadRequest("NUL character in the address")
        # Form fields only: the body of anything else (JSON) and an uploaded file's content are the view's.
        if request.method == "POST" and request.content_type in FORM_TYPES and _holds_nul(request.POST):
            raise BadRequest("NUL character in a form field")
        return self.get_response(request)
