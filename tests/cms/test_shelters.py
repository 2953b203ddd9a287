"""Shelters: the national CSV imports all rows or none (naming the bad row), the easy-Japanese
area page lists open shelters first with a map link, and a status change goes out live."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from asgiref.sync import async_to_sync, sync_to_async
from channels.layers import get_channel_layer
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from django.utils import translation

from cms import shelters
from cms.models import Shelter
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    """Service messages in English here; the admin test checks the Japanese."""
    with translation.override("en"):
        yield


FIXTURE = Path(__file__).resolve().parents[2] / "cms/data/fixtures/shelters_miyako_sample.csv"
HEADER = (
    "NO,施設・場所名,住所,洪水,崖崩れ、土石流及び地滑り,高潮,地震,津波,大規模な火事,内水氾濫,"
    "火山現象,指定避難所との住所同一,緯度,経度,備考"
)


def csv_bytes(*rows: str, header: str = HEADER, encoding: str = "utf-8") -> bytes:
    return "\n".join([header, *rows]).encode(encoding)


GOOD = "1,山田小学校,山田町八幡町1,○,,,○,○,,,,◎,39.467,141.949,"
BAD_LATITUDE = "2,山田中学校,山田町川向町2,,,,○,,,,,,北緯39度,141.95,"


def test_the_sample_file_imports_every_field():
    call_command("import_shelters", str(FIXTURE), municipality="miyako")
    school = Shelter.objects.get(name="宮古市立中央小学校")
    assert school.municipality == "miyako"
    assert school.reading == "みやこしりつちゅうおうしょうがっこう"
    assert (school.flood, school.landslide, school.tsunami, school.volcano) == (
        True,
        False,
        True,
        False,
    )
    assert school.also_evacuation_centre and school.capacity == 450
    assert str(school.latitude) == "39.641200"
    assert Shelter.objects.count() == 3


def test_importing_again_updates_instead_of_duplicating():
    call_command("import_shelters", str(FIXTURE), municipality="miyako")
    Shelter.objects.filter(name="高台公園").update(is_open=True)
    call_command("import_shelters", str(FIXTURE), municipality="miyako")
    assert Shelter.objects.count() == 3
    assert Shelter.objects.get(name="高台公園").is_open  # the status is not the file's


def test_a_broken_row_stops_the_whole_import_and_is_named():
    with pytest.raises(shelters.ShelterImportError) as caught:
        shelters.import_shelters(csv_bytes(GOOD, BAD_LATITUDE), municipality="yamada")
    assert caught.value.errors == [
        "Row 3 (NO 2): 緯度 is '北緯39度', not a number between -90 and 90."
    ]
    assert not Shelter.objects.exists()  # not even the good row


def test_an_unknown_mark_names_its_column():
    row = "1,山田小学校,山田町八幡町1,はい,,,,,,,,,39.467,141.949,"
    with pytest.raises(shelters.ShelterImportError, match="Row 2 \\(NO 1\\): column 洪水"):
        shelters.import_shelters(csv_bytes(row), municipality="yamada")


def test_a_file_without_the_national_columns_is_refused():
    with pytest.raises(shelters.ShelterImportError, match="no column 緯度、経度"):
        shelters.import_shelters("NO,施設・場所名,住所\n1,a,b\n".encode(), municipality="yamada")


def test_a_shift_jis_file_imports():
    result = shelters.import_shelters(csv_bytes(GOOD, encoding="cp932"), municipality="yamada")
    assert result.created == 1
    assert Shelter.objects.get().name == "山田小学校"


def test_the_municipality_column_places_each_row():
    header = HEADER.replace("NO,", "NO,市町村名,", 1)
    row = GOOD.replace("1,", "1,岩手県釜石市,", 1)
    shelters.import_shelters(csv_bytes(row, header=header))
    assert Shelter.objects.get().municipality == "kamaishi"


def test_the_command_exits_non_zero_with_one_line_naming_the_row(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_bytes(csv_bytes(GOOD, BAD_LATITUDE))
    with pytest.raises(CommandError, match=r"^nothing imported: Row 3 \(NO 2\)"):
        call_command("import_shelters", str(path), municipality="yamada")


# --- The admin -----------------------------------------------------------------------------------


@pytest.fixture
def coordinator_client(client):
    client.force_login(UserFactory(roles=["coordinator"]))
    return client


def test_a_coordinator_uploads_the_csv_in_the_admin(coordinator_client):
    upload = SimpleUploadedFile("miyako.csv", FIXTURE.read_bytes(), content_type="text/csv")
    response = coordinator_client.post(
        reverse("cms_import_shelters"), {"file": upload, "municipality": "miyako"}
    )
    assert response.status_code == 302
    assert Shelter.objects.count() == 3


def test_a_broken_upload_lists_the_rows_and_imports_nothing(coordinator_client):
    upload = SimpleUploadedFile("bad.csv", csv_bytes(GOOD, BAD_LATITUDE))
    response = coordinator_client.post(
        reverse("cms_import_shelters"), {"file": upload, "municipality": "yamada"}
    )
    assert response.status_code == 200
    assert "3 行目（NO 2）: 緯度 が &#x27;北緯39度&#x27; です。" in response.content.decode()
    assert not Shelter.objects.exists()


def test_a_coordinator_edits_shelters_as_snippets(coordinator_client):
    shelter = Shelter.objects.create(name="高台公園", municipality="miyako")
    listing = coordinator_client.get(reverse("wagtailsnippets_cms_shelter:list"))
    assert "高台公園" in listing.content.decode()
    edit = coordinator_client.get(reverse("wagtailsnippets_cms_shelter:edit", args=[shelter.pk]))
    assert edit.status_code == 200


def test_a_learner_cannot_import(client):
    client.force_login(UserFactory(roles=["learner"]))
    response = client.get(reverse("cms_import_shelters"))
    assert response.status_code in (302, 403)


# --- The reader's page ---------------------------------------------------------------------------


def test_the_area_page_lists_open_shelters_first_with_readings_and_a_map_link(client):
    call_command("import_shelters", str(FIXTURE), municipality="miyako")
    shelters.set_open(Shelter.objects.get(name="宮古市民体育館"), True)
    response = client.get("/shelters/miyako/")
    html = response.content.decode()
    assert html.index("宮古市民体育館") < html.index("宮古市立中央小学校")
    assert "<ruby>高台公園<rt>たかだいこうえん</rt></ruby>" in html
    assert (
        'href="https://www.openstreetmap.org/?mlat=39.638900&amp;mlon=141.935600'
        '#map=17/39.638900/141.935600"'
    ) in html
    assert response["X-Offline-Cache"] == "1"


def test_an_unknown_area_is_404(client):
    assert client.get("/shelters/atlantis/").status_code == 404


def test_the_index_counts_open_shelters(client):
    Shelter.objects.create(name="A", municipality="kuji", is_open=True)
    Shelter.objects.create(name="B", municipality="kuji")
    html = client.get("/en/shelters/").content.decode()
    assert "open now: 1 of 2" in html


def test_opening_a_shelter_is_broadcast_to_its_area(django_capture_on_commit_callbacks):
    shelter = Shelter.objects.create(name="高台公園", municipality="miyako")
    layer = get_channel_layer()

    async def listen_while_opening() -> dict:
        # One event loop for the whole exchange: the pub/sub layer keeps channels per loop.
        channel = await layer.new_channel()
        await layer.group_add(shelters.group_name("miyako"), channel)

        def open_it() -> None:  # in a worker thread, as a request would (the broadcast is sync)
            with django_capture_on_commit_callbacks(execute=True):
                shelters.set_open(shelter, True)

        await sync_to_async(open_it)()
        return await asyncio.wait_for(layer.receive(channel), timeout=5)

    message = async_to_sync(listen_while_opening)()
    assert (message["type"], message["shelter_id"], message["is_open"]) == (
        "shelter.status",
        shelter.pk,
        True,
    )


def test_saving_without_a_status_change_sends_nothing(django_capture_on_commit_callbacks):
    shelter = Shelter.objects.create(name="高台公園", municipality="miyako")
    with django_capture_on_commit_callbacks() as callbacks:
        shelter.note = "駐車場 あり"
        shelter.save()
    assert callbacks == []
