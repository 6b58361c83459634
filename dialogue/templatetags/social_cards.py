"""The image and locale a shared link shows: `{% social_card as card %}` in base.html.

A record's page gets its own card (dialogue/site/cards.py), an event with photos its first
photo; a year page the year's card; any other page, a preview, or a record not public
(its card would be a 404) the site's card.
"""

from django import template
from django.conf import settings
from django.utils.translation import get_language, to_locale

from dialogue.site import cards
from dialogue.site.years import YearDetailView

register = template.Library()

# Open Graph wants language_TERRITORY; the territory where each language is the site's own.
OG_LOCALES = {"en": "en_GB", "ru": "ru_RU", "kk": "kk_KZ", "ky": "ky_KG", "uz": "uz_UZ"}


def og_locale(code):
    return OG_LOCALES.get(code, to_locale(code))


def _photo_card(photos, build):
    photo = next(iter(photos), None)
    if photo is None:
        return None
    image = photo.largest_jpeg()
    return {
        "url": build(image["url"]),
        "type": "image/jpeg",
        "width": image["width"],
        "height": image["height"],
        "alt": photo.alt_text,
    }


@register.simple_tag(takes_context=True)
def social_card(context):
    """{"url", "type", "width", "height", "alt", "locale", "alternate_locales"}."""
    request = context.get("request")
    build = request.build_absolute_uri if request is not None else str
    view = context.get("view")
    record = getattr(view, "object", None)
    # A record's page shows a public record, unless it is a staff preview, which says (no
    # query asked again here: a speaker's `is_public()` costs one).
    preview = context.get("preview")
    public = record is not None and (preview is None or preview.get("public", False))
    found = None
    if public and record._meta.model_name == "event":
        # The gallery's own list: evaluated here once, shown below without a second query.
        found = _photo_card(context.get("photos") or [], build)
    if found is None:
        kind, key, card = None, None, None
        if public:
            kind, key, card = cards.card_of(record) or (None, None, None)
        elif isinstance(view, YearDetailView):
            kind, key, card = cards.year_card(view.year)
        if card is None:
            kind, key, card = cards.site_card()
        found = {
            "url": build(cards.card_url(kind, key, card)),
            "type": "image/png",
            "width": cards.WIDTH,
            "height": cards.HEIGHT,
            "alt": " · ".join(part for part in (card.label, card.title, card.date) if part),
        }
    language = get_language() or settings.LANGUAGE_CODE
    found["locale"] = og_locale(language)
    found["alternate_locales"] = [
        og_locale(code) for code, _name in settings.LANGUAGES if code != language
    ]
    return found
