"""Media on S3-compatible storage, against a real S3 server (moto's) started on loopback.

Images are uploaded through the Wagtail admin and land in the bucket; renditions are rendered
there and reached through signed URLs; documents are streamed through the app, so a document in
a restricted collection is refused to anonymous visitors and served to the allowed group.
"""

from __future__ import annotations

import io
import re
import urllib.error
import urllib.request

import boto3
import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.urls import reverse
from moto.server import ThreadedMotoServer
from PIL import Image as PILImage
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection, CollectionViewRestriction

from accounts.models import PersonalDataExport
from config.storage import s3_private_storage, s3_storage
from tests.accounts.test_personal_data import fill_with_content, reauthenticated
from tests.factories import UserFactory

from .helpers import free_port

BUCKET = "beteiligung-media"
CREDENTIALS = {"AWS_ACCESS_KEY_ID": "test-access-key", "AWS_SECRET_ACCESS_KEY": "test-secret"}


@pytest.fixture(scope="module")
def s3_server():
    """A real S3 API on a free loopback port, with an empty private bucket."""
    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    endpoint = f"http://127.0.0.1:{port}"
    client = boto3.client(
        "s3",
        endpoint_url=endpoint,
        region_name="eu-central-1",
        aws_access_key_id=CREDENTIALS["AWS_ACCESS_KEY_ID"],
        aws_secret_access_key=CREDENTIALS["AWS_SECRET_ACCESS_KEY"],
    )
    client.create_bucket(
        Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": "eu-central-1"}
    )
    yield endpoint, client
    server.stop()


@pytest.fixture
def s3_media(settings, s3_server):
    """Point the media storage at the bucket exactly as the production settings would."""
    endpoint, client = s3_server
    settings.STORAGES = {
        **settings.STORAGES,
        "default": s3_storage(
            {
                "AWS_STORAGE_BUCKET_NAME": BUCKET,
                "AWS_S3_ENDPOINT_URL": endpoint,
                "AWS_S3_REGION_NAME": "eu-central-1",
                "AWS_QUERYSTRING_EXPIRE": "600",
                **CREDENTIALS,
            }
        ),
    }
    return client


@pytest.fixture
def editor(db):
    return UserFactory(is_superuser=True, is_staff=True)


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    PILImage.new("RGB", (640, 480), (0, 102, 153)).save(buffer, "PNG")
    return buffer.getvalue()


def bucket_keys(client) -> set[str]:
    return {item["Key"] for item in client.list_objects_v2(Bucket=BUCKET).get("Contents", [])}


def fetch(url: str) -> tuple[int, bytes, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read(), response.headers["Content-Type"]
    except urllib.error.HTTPError as error:
        return error.code, b"", ""


def upload_document(client, title: str, content: bytes, collection: Collection):
    response = client.post(
        reverse("wagtaildocs:add"),
        {
            "title": title,
            "file": _named(content, f"{title}.txt"),
            "collection": collection.pk,
        },
    )
    assert response.status_code == 302, response.content[:2000]
    return get_document_model().objects.get(title=title)


def _named(content: bytes, name: str):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content, content_type="text/plain")


@pytest.mark.django_db
def test_an_image_uploaded_in_the_admin_lands_in_the_bucket_and_renders(client, s3_media, editor):
    client.force_login(editor)
    response = client.post(
        reverse("wagtailimages:add"),
        {
            "title": "Marktplatz",
            "file": _named(png_bytes(), "marktplatz.png"),
            "collection": Collection.get_first_root_node().pk,
        },
    )
    assert response.status_code == 302, response.content[:2000]
    image = get_image_model().objects.get(title="Marktplatz")
    assert image.file.name in bucket_keys(s3_media)
    assert (image.width, image.height) == (640, 480)

    rendition = image.get_rendition("fill-200x100")
    assert rendition.file.name in bucket_keys(s3_media)
    # The URL is signed and short-lived; the object itself has no public grant.
    assert "X-Amz-Signature=" in rendition.url and "X-Amz-Expires=600" in rendition.url
    status, body, content_type = fetch(rendition.url)
    assert status == 200 and content_type.startswith("image/")
    assert PILImage.open(io.BytesIO(body)).size == (200, 100)
    grants = s3_media.get_object_acl(Bucket=BUCKET, Key=rendition.file.name)["Grants"]
    assert not [g for g in grants if g["Grantee"].get("URI", "").endswith("/AllUsers")]

    # The rendition is found again (another app server asks the database, not its disk).
    assert image.get_rendition("fill-200x100").file.name == rendition.file.name


@pytest.mark.django_db
def test_documents_are_streamed_through_the_app_and_private_ones_stay_private(
    client, s3_media, editor
):
    root = Collection.get_first_root_node()
    internal = root.add_child(name="Nur für die Projektgruppe")
    members = Group.objects.create(name="Projektgruppe Radverkehr")
    restriction = CollectionViewRestriction.objects.create(
        collection=internal, restriction_type=CollectionViewRestriction.GROUPS
    )
    restriction.groups.add(members)

    client.force_login(editor)
    public = upload_document(client, "oeffentlich", b"Haushaltsplan 2027", root)
    private = upload_document(client, "intern", b"Interner Vermerk", internal)
    assert {public.file.name, private.file.name} <= bucket_keys(s3_media)
    client.logout()

    # Public: the app streams the file from the bucket, no redirect to a bucket URL.
    response = client.get(public.url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"Haushaltsplan 2027"
    assert public.url.startswith("/dokumente/")

    # Private, anonymous: sent to the login, nothing from the bucket.
    response = client.get(private.url)
    assert response.status_code == 302
    assert "/konto/login/" in response["Location"]
    assert "X-Amz" not in response["Location"]

    # Private, a signed-in citizen outside the group: still not served.
    outsider = UserFactory()
    client.force_login(outsider)
    response = client.get(private.url)
    assert response.status_code != 200
    assert "X-Amz" not in response.get("Location", "")

    # Private, a member of the group: served by the app.
    member = UserFactory()
    member.groups.add(members)
    client.force_login(member)
    response = client.get(private.url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"Interner Vermerk"


@pytest.mark.django_db
def test_readiness_checks_the_bucket(client, s3_media, settings):
    assert client.get("/-/health/ready").json()["checks"]["storage"] == "ok"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": s3_storage(
            {
                "AWS_STORAGE_BUCKET_NAME": BUCKET,
                "AWS_S3_ENDPOINT_URL": f"http://127.0.0.1:{free_port()}",
                "AWS_S3_REGION_NAME": "eu-central-1",
                "AWS_S3_CONNECT_TIMEOUT": "1",
                **CREDENTIALS,
            }
        ),
    }
    response = client.get("/-/health/ready")
    assert response.status_code == 503
    assert response.json()["checks"]["storage"] == "failed"


def test_background_personal_data_lands_in_the_private_prefix_and_is_streamed(
    client, s3_media, s3_server, settings, platform, requests_commit
):
    """With a bucket, "Meine Daten" files go below ``private/``; only the signed link reads them."""
    endpoint, bucket = s3_server
    settings.STORAGES = {
        **settings.STORAGES,
        "personal_data": s3_private_storage(
            {
                "AWS_STORAGE_BUCKET_NAME": BUCKET,
                "AWS_S3_ENDPOINT_URL": endpoint,
                "AWS_S3_REGION_NAME": "eu-central-1",
                **CREDENTIALS,
            }
        ),
    }
    settings.PERSONAL_DATA_EXPORT_THRESHOLD = 3
    user = UserFactory(email="viel@example.org")
    fill_with_content(user, platform, n=2)
    reauthenticated(client, user)

    assert client.post(reverse("accounts:my_data_download")).status_code == 302

    export = PersonalDataExport.objects.get(user=user)
    keys = [o["Key"] for o in bucket.list_objects_v2(Bucket=BUCKET)["Contents"]]
    assert f"private/{export.file_name}" in keys
    # The bucket is private: the object has no address anybody could open without a signature.
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(f"{endpoint}/{BUCKET}/private/{export.file_name}")
    assert refused.value.code == 403
    link = re.search(r"http://testserver(/konto/\S+/)", mail.outbox[0].body).group(1)
    response = client.get(link)
    assert response.status_code == 200
    assert b"viel@example.org" in b"".join(response.streaming_content)
