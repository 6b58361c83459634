import pytest
from django.db import connection


@pytest.fixture
def on_postgres():
    """Skip a test that exercises a PostgreSQL-only guarantee when running on another backend."""
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL-only guarantee; the CI runs the suite on PostgreSQL too")
