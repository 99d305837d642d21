"""Error pages in the site's layout that reveal nothing of the stack."""

from django.shortcuts import render


def csrf_failure(request, reason=""):
    # The reason stays in the server log; the page only says what to do.
    return render(request, "403_csrf.html", status=403)


def too_many_requests(request, message=""):
    return render(request, "429.html", {"message": message}, status=429)
