"""The public pages that gather several apps: home, timeline, chairmanship, state and topic
pages, the error pages and the health check."""
