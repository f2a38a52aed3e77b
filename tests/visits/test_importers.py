"""Parsing GA4 and Matomo CSV exports: formats, languages, encodings, bad lines."""
from datetime import date

import pytest

from app.visits.importers import (CsvImportError, decode_content, decode_upload, encode_content,
                                  parse_count, parse_export, parse_period)
from app.visits.services import MonthInput

TODAY = date(2026, 11, 15)

GA4_DAILY_EN = """# ----------------------------------------
# Traffic acquisition: Session default channel group
# Account: Municipio de Fresnillo
# Property: fresnillo.gob.mx - GA4
# ----------------------------------------
#
# All Users
# Start date: 20260130
# End date: 20260202
Date,Sessions,Total users,Views
20260130,120,100,300
20260131,80,70,200
20260201,50,45,110
20260202,"1,050",900,"2,400"
"""

GA4_MONTHLY_ES = """\ufeff# ----------------------------------------
# Adquisición de tráfico: grupo de canales predeterminado de la sesión
# Cuenta: Municipio de Fresnillo
# Propiedad: fresnillo.gob.mx
# ----------------------------------------
#
# Todos los usuarios
# Fecha de inicio: 20250101
# Fecha de finalización: 20250331
Año y mes;Sesiones;Usuarios totales;Vistas
202501;30000;20000;90000
202502;28000;19000;85000
202503;31000;21000;93000
"""

MATOMO_DAILY_RAW = """date,nb_uniq_visitors,nb_visits,nb_users,nb_actions,max_actions,bounce_count,sum_visit_length,nb_visits_converted,nb_pageviews
2026-02-27,80,95,0,300,12,40,9000,0,250
2026-02-28,70,85,0,280,10,35,8000,0,230
2026-03-01,10,12,0,30,3,5,800,0,25
"""

MATOMO_MONTHLY_ES = """Fecha,Visitas,Visitantes únicos,Acciones,Páginas vistas
2025-10,4000,2500,12000,10000
2025-11,4100,2600,12500,10500
"""


def test_ga4_daily_english_export_sums_days_into_months():
    result = parse_export(GA4_DAILY_EN, TODAY)
    assert (result.source, result.daily) == ("ga4", True)
    assert result.months == [MonthInput(2026, 1, 200, None, 500), MonthInput(2026, 2, 1100, None, 2510)]
    assert result.days == {(2026, 1): 2, (2026, 2): 2}
    assert result.incomplete_months(TODAY) == {(2026, 1): (2, 31), (2026, 2): (2, 28)}


def test_ga4_monthly_spanish_export_with_bom_and_semicolons():
    result = parse_export(GA4_MONTHLY_ES, TODAY)
    assert (result.source, result.daily) == ("ga4", False)
    assert result.months[0] == MonthInput(2025, 1, 30000, 20000, 90000)
    assert len(result.months) == 3 and result.incomplete_months(TODAY) == {}


def test_matomo_raw_daily_export():
    result = parse_export(MATOMO_DAILY_RAW, TODAY)
    assert result.source == "matomo"
    assert result.months == [MonthInput(2026, 2, 180, None, 480), MonthInput(2026, 3, 12, None, 25)]


def test_matomo_translated_monthly_export_in_utf16_as_matomo_sends_it():
    raw = b"\xff\xfe" + MATOMO_MONTHLY_ES.encode("utf-16-le")
    result = parse_export(decode_upload(raw), TODAY)
    assert result.source == "matomo" and not result.daily
    assert result.months == [MonthInput(2025, 10, 4000, 2500, 10000), MonthInput(2025, 11, 4100, 2600, 10500)]


def test_matomo_english_labels_crlf_and_utf8_bom():
    text = "Date,Visits,Unique visitors\r\n2025-10,40,30\r\n2025-11,41,31\r\n"
    result = parse_export(decode_upload(b"\xef\xbb\xbf" + text.encode()), TODAY)
    assert result.months == [MonthInput(2025, 10, 40, 30, None), MonthInput(2025, 11, 41, 31, None)]


def test_ga4_with_only_sessions_and_a_total_row_and_a_second_table():
    text = ("Fecha,Sesiones\n20261101,5\n20261102,7\nTotal,12\n\n# Otra tabla\n"
            "Dispositivo,Sesiones\ndesktop,8\n")
    result = parse_export(text, TODAY)
    assert result.months == [MonthInput(2026, 11, 12, None, None)]
    assert result.ignored_from_line == 7
    assert result.incomplete_months(TODAY) == {(2026, 11): (2, 15)}


def test_every_bad_line_is_reported_with_its_number():
    text = ("# comentario\nDate,Sessions,Total users\n"
            "20260101,10,5\n"          # 3 ok
            "2026-13-01,10,5\n"        # 4 bad date
            "20260102,diez,5\n"        # 5 bad number
            "20260103,10\n"            # 6 missing column
            "20260101,3,1\n"           # 7 repeated date
            "20261231,3,1\n"           # 8 future
            "20260104,-2,1\n")         # 9 negative
    with pytest.raises(CsvImportError) as caught:
        parse_export(text, TODAY)
    lines = [e.line for e in caught.value.errors]
    assert lines == [4, 5, 6, 7, 8, 9]
    messages = [str(e) for e in caught.value.errors]
    assert messages[0].startswith("Línea 4: La fecha «2026-13-01» no es válida")
    assert "«diez» no es un número entero válido (visitas)" in messages[1]
    assert "Tiene 2 columnas y el encabezado 3" in messages[2]
    assert "ya aparece en la línea 3" in messages[3]
    assert "posterior a hoy" in messages[4]


def test_mixing_daily_and_monthly_rows_is_refused():
    with pytest.raises(CsvImportError) as caught:
        parse_export("Date,Sessions\n2026-01,10\n2026-02-01,3\n", TODAY)
    assert caught.value.errors[0].line == 3 and "Mezcla" in caught.value.errors[0].message


def test_monthly_unique_visitors_above_visits_is_a_bad_line():
    with pytest.raises(CsvImportError) as caught:
        parse_export("Fecha;Sesiones;Usuarios totales\n202601;10;50\n", TODAY)
    assert caught.value.errors[0].line == 2 and "más que las visitas" in caught.value.errors[0].message


@pytest.mark.parametrize("text,message", [
    ("", "vacío"),
    ("# solo comentarios\n# nada más\n", "vacío"),
    ("Fecha,Sesiones\n", "no tiene filas de datos"),
    ("Sesiones,Usuarios\n1,2\n", "columna de fecha"),
    ("Fecha,Usuarios totales,Vistas\n20260101,1,2\n", "columna de visitas"),
    ("Fecha,País,Sesiones\n20260101,México,5\n20260101,España,1\n", "sin otras dimensiones"),
])
def test_files_that_cannot_be_read_explain_why(text, message):
    with pytest.raises(CsvImportError) as caught:
        parse_export(text, TODAY)
    assert message in " ".join(str(e) for e in caught.value.errors)


def test_non_utf8_and_binary_uploads_are_refused_in_spanish():
    with pytest.raises(CsvImportError, match="no se importó"):
        decode_upload("Fecha,Sesiones\n20260101,5\n".encode("latin-1") + b"\xe9\xff")
    with pytest.raises(CsvImportError):
        decode_upload(b"PK\x03\x04\x00\x00binary")


def test_content_round_trips_through_the_hidden_field_and_tampering_is_refused():
    assert decode_content(encode_content(GA4_MONTHLY_ES)) == GA4_MONTHLY_ES.lstrip("\ufeff")
    for bad in ("", "%%%no-base64", None):
        with pytest.raises(CsvImportError):
            decode_content(bad)


@pytest.mark.parametrize("value,expected", [
    ("20260131", (2026, 1, 31)), ("202601", (2026, 1, None)), ("2026-01-31", (2026, 1, 31)),
    ("2026/1/5", (2026, 1, 5)), ("2026-01", (2026, 1, None)), ("31/01/2026", (2026, 1, 31)),
    ("enero de 2026", (2026, 1, None)), ("January 2026", (2026, 1, None)),
    ("Septiembre 2025", (2025, 9, None)), ("20260230", None), ("2026-00", None), ("ayer", None),
    ("From 2026-01-01 to 2026-01-07", None), ("0001", None),
])
def test_parse_period(value, expected):
    assert parse_period(value) == expected


@pytest.mark.parametrize("value,expected", [
    ("0", 0), ("1234", 1234), ("1,234", 1234), ("1.234.567", 1234567), ("12 345", 12345),
    ("12,5", None), ("1.5", None), ("-3", None), ("", None), ("1,234.5", None), ("1,23,456", None),
])
def test_parse_count(value, expected):
    assert parse_count(value) == expected
