"""The shared record machinery, beneath the three apps.

What every record shares lives here and imports none of the apps (`chairmanships`,
`events`, `statements`), which all build on it:

- `models`: the abstract bases and helpers (dates as precise as the source, sources,
  languages, publication with drafts and embargoes) and the one rule of what is public;
- `publishing`: the one service that publishes and unpublishes records;
- `concurrency`: lost-update protection (a version number checked by each save);
- `history`: every record's history (django-simple-history), built once translations exist;
- `i18n`: the dialogue's name, languages, and the translated admin;
- `editorial`: what every record's admin shares (history, revert, restore, publication);
- `views`: what every public page shares (its <head>, the staff preview);
- `api`: what every API router shares (pagination, errors, slugs);
- `text`: the text rules every record's fields keep;
- `migration_ops`: operations the apps' migrations use.
"""
