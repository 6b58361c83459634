"""The site's own pages (about, accessibility, privacy): written by staff in the admin, in
every language, in Markdown, and linked from every page's footer."""
