"""The health check: a tiny answer with no login and no database query.

Load balancers poll it to know a server process is up; the latency benchmark
(``scripts/bench_http.py``) uses it as the trivial view every page is compared with.
"""

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe


@login_not_required
@never_cache
@require_safe
def health(request: HttpRequest) -> HttpResponse:
    """``ok``: the process answers (the database is not asked)."""
    return HttpResponse("ok\n", content_type="text/plain; charset=utf-8")
