from django.conf import settings
from django.utils.translation import gettext


def site(request):
    """The dialogue's name, for every template, in the page's language when the catalogue
    has it (the default name is marked for translation in settings)."""
    return {"dialogue_name": gettext(settings.DIALOGUE_NAME)}
