"""The gazetteer: place names typed instead of coordinates, and the CSV import from the GIS."""

import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext

from orte.forms import PointField
from orte.geo import Point
from orte.models import Place
from orte.places import import_places, parse_place_or_point
from tests.factories import PlaceFactory

pytestmark = pytest.mark.django_db

KOEKKOEKPLATZ = Point.of("51.7886", "6.1386")


@pytest.fixture
def koekkoekplatz():
    return PlaceFactory(name="Koekkoekplatz", latitude="51.78860", longitude="6.13860")


@pytest.mark.parametrize(
    "typed", ["Koekkoekplatz", "koekkoekplatz", "  KOEKKOEKPLATZ \t", "kOeKkOeKpLaTz"]
)
def test_a_known_name_gives_its_point_whatever_the_case_and_spaces(koekkoekplatz, typed):
    assert parse_place_or_point(typed) == KOEKKOEKPLATZ


def test_inner_spaces_and_composed_umlauts_do_not_matter():
    PlaceFactory(name="Hohe   Straße", latitude="51.78940", longitude="6.14050")
    assert Place.objects.get().name == "Hohe Straße"
    assert parse_place_or_point("  hohe  straße ") == Point.of("51.7894", "6.1405")
    # Stored decomposed ("u" + combining diaeresis, as some exports write it), typed composed.
    PlaceFactory(name="Donsbru\u0308ggen", latitude="51.79700", longitude="6.08400")
    assert Place.objects.get(district="kleve", name__startswith="Dons").name == "Donsbrüggen"
    assert parse_place_or_point("Donsbrüggen") == Point.of("51.797", "6.084")


def test_control_characters_never_reach_the_database(koekkoekplatz):
    # PostgreSQL refuses NUL in a query; a soft hyphen or zero-width space hides nothing.
    assert parse_place_or_point("Koek\x00koek\u00adplatz\u200b") == KOEKKOEKPLATZ
    with pytest.raises(ValidationError) as caught:
        parse_place_or_point("Spoy\x00kanal")
    assert "„Spoykanal“" in caught.value.messages[0]


def test_the_lookup_is_one_query(koekkoekplatz, django_assert_num_queries):
    with django_assert_num_queries(1):
        parse_place_or_point("koekkoekplatz")


def test_the_lookup_uses_the_unique_index_on_the_lowered_name(koekkoekplatz):
    with CaptureQueriesContext(connection) as queries:
        Place.objects.named("Koekkoekplatz")
    sql = queries[0]["sql"].upper()
    assert "LOWER(" in sql and " LIKE " not in sql
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(f"EXPLAIN QUERY PLAN {queries[0]['sql']}")
        else:  # PostgreSQL scans a table of one row; ask whether it could use the index
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute(f"EXPLAIN {queries[0]['sql']}")
        plan = " ".join(str(row) for row in cursor.fetchall())
    assert "orte_place_unique_name" in plan


def test_an_unknown_name_is_explained_in_german(koekkoekplatz):
    with pytest.raises(ValidationError) as caught:
        parse_place_or_point("  Spoykanal ")
    assert caught.value.code == "unknown_place"
    assert caught.value.messages == [
        "Wir kennen den Ort „Spoykanal“ nicht. Geben Sie Koordinaten ein (z. B. "
        "„51.78860, 6.13860“) oder wählen Sie den Ort auf der Karte."
    ]


def test_a_very_long_unknown_name_is_shortened_in_the_message():
    with pytest.raises(ValidationError) as caught:
        parse_place_or_point("Straße " * 1000)
    message = caught.value.messages[0]
    assert len(message) < 250 and "…“" in message


def test_coordinates_still_work_and_keep_their_messages(koekkoekplatz):
    assert parse_place_or_point("51,7886; 6,1386") == KOEKKOEKPLATZ
    with pytest.raises(ValidationError) as caught:
        parse_place_or_point("6.1386, 51.7886")
    assert "vertauscht" in caught.value.messages[0]
    with pytest.raises(ValidationError) as caught:
        parse_place_or_point("51.7886")
    assert caught.value.code == "format"


def test_the_field_takes_a_name_coordinates_or_nothing(koekkoekplatz):
    field = PointField(required=False)
    assert field.clean("Koekkoekplatz") == KOEKKOEKPLATZ
    assert field.clean("51.7886, 6.1386") == KOEKKOEKPLATZ
    assert field.clean("   ") is None
    assert "inputmode" not in field.widget.attrs
    with pytest.raises(ValidationError) as caught:
        PointField(required=True).clean("")
    assert caught.value.messages == [
        "Bitte wählen Sie den Ort auf der Karte oder geben Sie eine Straße, einen Platz oder "
        "Koordinaten ein."
    ]


def test_a_name_is_unique_regardless_of_case(koekkoekplatz):
    with pytest.raises(ValidationError) as caught:
        Place(name="KOEKKOEKPLATZ", latitude="51.7", longitude="6.1").full_clean()
    assert "Einen Ort mit diesem Namen gibt es schon." in caught.value.messages
    with pytest.raises(IntegrityError), transaction.atomic():
        Place.objects.create(name="koekkoekplatz ", latitude="51.79", longitude="6.13")


def test_a_place_outside_the_city_is_refused_by_the_model():
    with pytest.raises(ValidationError) as caught:
        Place(name="Goch", latitude="51.68000", longitude="6.16000").full_clean()
    assert "außerhalb der Stadt Kleve" in caught.value.messages[0]


def test_a_place_that_ended_up_outside_the_city_area_is_not_used():
    Place.objects.create(name="Emmerich", latitude="51.83300", longitude="6.24700")
    with pytest.raises(ValidationError) as caught:
        parse_place_or_point("Emmerich")
    assert caught.value.code == "outside"


# The CSV import -------------------------------------------------------------------------------

GOOD = (
    "name;latitude;longitude;kind;district\n"
    "Koekkoekplatz;51,78860;6,13860;platz;kleve\n"
    "Materborn;51.77850;6.09700;Ortsteil;Materborn\n"
    "Hohe Straße;51.7894;6.1405;;\n"
)


def test_good_rows_are_added_with_kind_and_district():
    report = import_places(io.StringIO(GOOD))
    assert (report.created, report.updated, report.unchanged, report.errors) == (3, 0, 0, [])
    materborn = Place.objects.get(name="Materborn")
    assert (materborn.kind, materborn.district) == ("ortsteil", "materborn")
    assert materborn.point == Point.of("51.7785", "6.097")
    hohe = Place.objects.get(name="Hohe Straße")
    assert (hohe.kind, hohe.district, hohe.latitude) == ("", "", Decimal("51.78940"))


def test_importing_twice_changes_nothing_and_a_changed_row_updates_by_name():
    import_places(io.StringIO(GOOD))
    again = import_places(io.StringIO(GOOD))
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)
    assert Place.objects.count() == 3
    moved = import_places(io.StringIO("name;latitude;longitude\nKOEKKOEKPLATZ;51.7887;6.1387\n"))
    assert (moved.created, moved.updated) == (0, 1)
    place = Place.objects.get(name__iexact="koekkoekplatz")
    assert place.point == Point.of("51.7887", "6.1387")
    # The file's spelling wins; columns the file does not have keep their values.
    assert (place.name, place.kind, place.district) == ("KOEKKOEKPLATZ", "platz", "kleve")


def test_bad_rows_are_skipped_and_reported_with_their_line_numbers():
    text = (
        "\ufeffName ; Latitude;longitude;district\n"  # a byte order mark, spaces, capitals
        "Koekkoekplatz;51.7886;6.1386;kleve\n"
        ";51.7886;6.1386;\n"
        "Goch;51.68;6.16;\n"
        "Vertauscht;6.1386;51.7886;\n"
        "Kaputt;abc;6.13;\n"
        "Irgendwo;51.79;6.13;Atlantis\n"
        "koekkoekplatz;51.79;6.13;\n"
        "\n"
        "Zu viel;51.79;6.13;kleve;mehr\n"
        "12345;51.79;6.13;\n"
        f"{'x' * 101};51.79;6.13;\n"
        "Rathaus;51.7904;6.1385;kleve\n"
    )
    report = import_places(io.StringIO(text))
    assert report.created == 2
    assert sorted(Place.objects.values_list("name", flat=True)) == ["Koekkoekplatz", "Rathaus"]
    lines = dict(report.errors)
    assert sorted(lines) == [3, 4, 5, 6, 7, 8, 10, 11, 12]
    assert lines[3] == "der Name fehlt"
    assert "außerhalb der Stadt Kleve" in lines[4]
    assert "vertauscht" in lines[5]
    assert "Breite und Länge" in lines[6]
    assert lines[7] == "unbekannte Angabe für Ortsteil: „Atlantis“"
    assert lines[8] == "der Name steht schon in Zeile 2"
    assert lines[10] == "mehr Spalten, als die erste Zeile nennt"
    assert lines[11] == "der Name enthält keinen Buchstaben"
    assert lines[12] == "der Name ist länger als 100 Zeichen"


@pytest.mark.parametrize(
    "header", ["name,latitude,longitude", "name;lat;lon", "name;latitude;longitude;farbe", ""]
)
def test_a_file_without_the_right_header_is_refused_as_a_whole(header):
    with pytest.raises(ValueError, match="Die erste Zeile muss die Spalten"):
        import_places(io.StringIO(f"{header}\nKoekkoekplatz;51.7886;6.1386\n"))
    assert not Place.objects.exists()


def test_the_command_imports_reports_and_exits_with_status_one_on_bad_rows(tmp_path):
    good = tmp_path / "orte.csv"
    good.write_text(GOOD, encoding="utf-8")
    out = io.StringIO()
    call_command("import_places", str(good), stdout=out)
    assert out.getvalue().strip() == "3 places added, 0 updated, 0 unchanged, 0 rows skipped."
    out = io.StringIO()
    call_command("import_places", str(good), stdout=out)
    assert "0 places added, 0 updated, 3 unchanged" in out.getvalue()

    bad = tmp_path / "fehler.csv"
    bad.write_text(GOOD + "Goch;51.68;6.16;;\n", encoding="utf-8")
    err = io.StringIO()
    with pytest.raises(CommandError, match="1 rows skipped"):
        call_command("import_places", str(bad), stdout=io.StringIO(), stderr=err)
    assert f"{bad}, line 5: " in err.getvalue() and "außerhalb" in err.getvalue()


def test_the_command_explains_files_it_cannot_read(tmp_path):
    with pytest.raises(CommandError, match="No such file"):
        call_command("import_places", str(tmp_path / "fehlt.csv"))
    latin1 = tmp_path / "latin1.csv"
    latin1.write_bytes("name;latitude;longitude\nHohe Straße;51.7894;6.1405\n".encode("latin-1"))
    with pytest.raises(CommandError, match="Die Datei lässt sich nicht lesen"):
        call_command("import_places", str(latin1), stdout=io.StringIO())
    assert not Place.objects.exists()
