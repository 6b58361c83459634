from django.conf import settings


def site(request):
    """The dialogue's name, for every template."""
    return {"dialogue_name": settings.DIALOGUE_NAME}
