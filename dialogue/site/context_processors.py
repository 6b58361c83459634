from dialogue.records.i18n import dialogue_name


def site(request):
    """The dialogue's name, for every template, in the page's language."""
    return {"dialogue_name": dialogue_name()}
