"""/favicon.ico: the site's icon for browsers that ask for it by that address.

Every page names its icon inline (`<link rel="icon" href="data:…">`, in base.html and the
admin's base_site.html), so browsers seldom ask; a feed reader or a bookmark tool still
does, and a 404 there is a console error. The same drawing, as SVG.
"""

from django.http import HttpResponse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

ICON_SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32">'
    '<rect width="32" height="32" rx="6" fill="#0b5563"/>'
    '<path d="M8 10h10a6 6 0 0 1 0 12H8z" fill="none" stroke="#fbfaf7" stroke-width="3"/>'
    '<rect x="6" y="26" width="20" height="2" fill="#b4430b"/></svg>'
)


@require_safe
@cache_control(public=True, max_age=86400)
def favicon(request):
    return HttpResponse(ICON_SVG, content_type="image/svg+xml")
