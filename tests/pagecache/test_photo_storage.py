"""Event photos, their renditions and the social cards in S3-compatible object storage (a
real moto S3 server): stored in the bucket, cleaned there too, served through the site."""

import io
import os
import subprocess
import sys
from pathlib import Path

import boto3
import pytest
from django.core.files.base import ContentFile
from PIL import Image

from dialogue.records.models import PublicationStatus
from dialogue.site import cards
from tests.factories import JointStatementFactory
from tests.factories_photos import GPS_IFD, EventPhotoFactory, image_bytes

from .servers import free_port, stop, wait_for_port

pytestmark = pytest.mark.django_db

BUCKET = "dialogue-photos"


@pytest.fixture(scope="module")
def s3_url():
    # TEST_S3_PORT chooses the port (e.g. on a machine shared with other test runs).
    port = int(os.environ.get("TEST_S3_PORT", "0")) or free_port(5)
    moto = Path(sys.executable).parent / "moto_server"
    process = subprocess.Popen(
        [str(moto), "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    wait_for_port(port, process, timeout=60)
    yield f"http://127.0.0.1:{port}"
    stop(process)


@pytest.fixture
def bucket(s3_url, settings):
    options = {
        "bucket_name": BUCKET,
        "endpoint_url": s3_url,
        "region_name": "us-east-1",
        "access_key": "testing",
        "secret_key": "testing",
        "default_acl": None,
        "querystring_auth": True,
        "file_overwrite": False,
    }
    client = boto3.client(
        "s3",
        endpoint_url=s3_url,
        region_name="us-east-1",
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )
    client.create_bucket(Bucket=BUCKET)
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options},
    }
    yield client
    for item in client.list_objects_v2(Bucket=BUCKET).get("Contents", []):
        client.delete_object(Bucket=BUCKET, Key=item["Key"])


def keys(client, prefix=""):
    listed = client.list_objects_v2(Bucket=BUCKET, Prefix=prefix).get("Contents", [])
    return sorted(item["Key"] for item in listed)


def test_a_photo_and_its_renditions_are_stored_in_the_bucket_without_location(bucket, client):
    photo = EventPhotoFactory(image=ContentFile(image_bytes(gps=True), "camera.jpg"))
    names = [photo.image.name, *(r["name"] for r in photo.renditions)]
    assert keys(bucket, "events/") == sorted(names)
    for name in names:
        content = bucket.get_object(Bucket=BUCKET, Key=name)["Body"].read()
        with Image.open(io.BytesIO(content)) as image:
            assert not image.getexif().get_ifd(GPS_IFD), name
        assert b"Test camera" not in content
    response = client.get(photo.fallback()["url"])
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"\xff\xd8\xff")
    photo.event.publication_status = PublicationStatus.DRAFT
    photo.event.save()
    assert client.get(photo.fallback()["url"]).status_code == 404


def test_a_card_is_drawn_once_and_kept_in_the_bucket(bucket, client):
    statement = JointStatementFactory(title="Joint statement on safety")
    kind, key, card = cards.card_of(statement)
    first = client.get(cards.card_url(kind, key, card))
    assert first.status_code == 200 and first.content.startswith(b"\x89PNG")
    assert len(keys(bucket, "cards/statement/")) == 1
    assert client.get(cards.card_url(kind, key, card)).content == first.content
    assert len(keys(bucket, "cards/statement/")) == 1
