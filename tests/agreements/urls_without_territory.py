"""The site's URLs without the territory app's, for tests/agreements/test_subnav.py."""

from django.urls import URLResolver

from coprogetta.urls import urlpatterns as site_patterns

urlpatterns = [
    pattern for pattern in site_patterns
    if not (isinstance(pattern, URLResolver) and pattern.namespace == "territory")
]
