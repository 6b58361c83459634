"""Search over every kind of public record: the page (`views`) and the PostgreSQL engine
(`engine`: stored vectors, triggers, query parsing per language)."""
