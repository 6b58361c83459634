"""Open data: the JSON API assembled from the apps' routers (`api`), Popolo (`popolo`), CSV
and the zipped dataset (`downloads`), sitemaps (`sitemaps`), and their URLs with the feeds and
calendars (`urls`)."""
