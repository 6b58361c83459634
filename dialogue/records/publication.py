"""What every published record says of its own publication, wherever it is read."""


def publication_dates(record):
    """schema.org `datePublished` and `dateModified` of a published record, where known."""
    data = {}
    if getattr(record, "first_published_at", None):
        data["datePublished"] = record.first_published_at.isoformat()
    if getattr(record, "last_updated_at", None):
        data["dateModified"] = record.last_updated_at.isoformat()
    return data
