"""Interface strings of the libraries that their own Russian catalogues do not translate yet.

Django 6.1 added these to the admin and to model forms after its Russian translation was
last updated, so the Russian admin showed them in English. Marking them here puts them in
the project's catalogue (locale/ru/LC_MESSAGES/django.po), which Django reads before its
own (LOCALE_PATHS), with the same message ids; each entry there names the package and
file the string comes from. When the package's catalogue catches up, delete the line
here, run makemessages and the entry goes. Nothing imports this module: it only marks.

The admin's script strings (the calendar, the time-zone note) are in the project's
djangojs.po for the same reason.
"""

from django.utils.translation import gettext_noop, ngettext_lazy

# Django, db/models/fields/__init__.py: the empty choice of every select in the forms.
gettext_noop("- Select an option -")
# Django, shortcuts.py: get_object_or_404's message, shown to staff on a missing record.
gettext_noop("No %s matches the given query.")
# Django admin, templates/admin/date_hierarchy.html: the label of the date drill-down.
gettext_noop("Filter by %(field_name)s")
# Django admin, templates/registration/logged_out.html.
gettext_noop("Logout")
# Django admin, options.py: the delete confirmation's "and N more" after a list of records.
ngettext_lazy("…and %(count)d more object.", "…and %(count)d more objects.", "count")
