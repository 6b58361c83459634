"""Uploaded event documents in S3-compatible object storage (a real moto S3 server), so that
every app server reads the files any of them received."""

import boto3
import pytest
from django.core.files.storage import default_storage, storages
from storages.backends.s3 import S3Storage

from ..factories import PDF_BYTES, EventDocumentFactory
from .servers import S3

pytestmark = pytest.mark.django_db

BUCKET = "dialogue-uploads"


@pytest.fixture(scope="module")
def s3_server():
    server = S3()
    yield server
    server.stop()


@pytest.fixture
def s3(s3_server, settings):
    options = {
        "bucket_name": BUCKET,
        "endpoint_url": s3_server.url,
        "region_name": "us-east-1",
        "access_key": "testing",
        "secret_key": "testing",
        "default_acl": None,
        "querystring_auth": True,
        "querystring_expire": 300,
        "file_overwrite": False,
    }
    client = boto3.client(
        "s3",
        endpoint_url=s3_server.url,
        region_name="us-east-1",
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )
    client.create_bucket(Bucket=BUCKET)
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options},
    }
    yield client, options
    for item in client.list_objects_v2(Bucket=BUCKET).get("Contents", []):
        client.delete_object(Bucket=BUCKET, Key=item["Key"])


def test_a_document_uploaded_on_one_server_is_read_back_on_another(s3):
    client, options = s3
    assert isinstance(storages["default"], S3Storage)
    document = EventDocumentFactory(title="Programme")
    name = document.file.name
    stored = client.get_object(Bucket=BUCKET, Key=name)["Body"].read()
    assert stored == PDF_BYTES

    other_server = S3Storage(**options)  # a second app server: its own storage, same bucket
    with other_server.open(name) as file:
        assert file.read() == PDF_BYTES
    with default_storage.open(name) as file:
        assert file.read() == PDF_BYTES


def test_a_stored_document_is_private_and_its_urls_are_signed_and_short_lived(s3):
    client, _options = s3
    document = EventDocumentFactory(title="Draft programme")
    url = default_storage.url(document.file.name)
    assert "X-Amz-Signature=" in url or "Signature=" in url
    assert "X-Amz-Expires=300" in url or "Expires=" in url
    grants = client.get_object_acl(Bucket=BUCKET, Key=document.file.name)["Grants"]
    assert not [g for g in grants if g["Grantee"].get("URI", "").endswith("AllUsers")]


def test_two_uploads_of_the_same_name_keep_both_files(s3):
    first = EventDocumentFactory(title="Programme")
    second = EventDocumentFactory(title="Programme", event=first.event)
    assert first.file.name != second.file.name
    assert default_storage.exists(first.file.name)
    assert default_storage.exists(second.file.name)
