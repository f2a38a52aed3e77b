"""The SEPOMEX parser: Latin-1 as published, the municipality filter, every bad line."""
from pathlib import Path

import pytest

from app.colonias import sepomex

SAMPLE = Path(__file__).with_name("sepomex_sample.txt")
HEADER = ("d_codigo|d_asenta|d_tipo_asenta|D_mnpio|d_estado|d_ciudad|d_CP|c_estado|c_oficina|"
          "c_CP|c_tipo_asenta|c_mnpio|id_asenta_cpcons|d_zona|c_cve_ciudad")


def _parse(text: str):
    return sepomex.parse(text, "Fresnillo", "Zacatecas")


def test_the_sample_file_in_latin1_gives_only_fresnillos_settlements():
    raw = SAMPLE.read_bytes()
    assert "Américas".encode("latin-1") in raw  # really Latin-1, not UTF-8
    result = _parse(sepomex.decode(raw))
    assert [(s.postal_code, s.name, s.kind) for s in result.settlements] == [
        ("99000", "Fresnillo Centro", "Colonia"), ("99010", "Industrial", "Colonia"),
        ("99020", "Las Américas", "Colonia"), ("99054", "Lomas de Plateros", "Fraccionamiento"),
        ("99100", "Plateros", "Pueblo")]
    assert result.other_rows == 2
    assert result.settlements[2].search_name == "las americas"
    assert result.settlements[0].sepomex_id == "0001" and result.settlements[4].city is None


def test_the_filter_ignores_accents_and_case_of_the_municipality():
    text = HEADER + "\n99000|Centro|Colonia|FRESNILLO|zacatecas|Fresnillo|99001|32|99001||09|010|0001|Urbano|01"
    assert [s.name for s in _parse(text).settlements] == ["Centro"]


def test_a_file_resaved_as_utf8_is_read_too():
    text = sepomex.decode(SAMPLE.read_bytes().decode("latin-1").encode("utf-8"))
    assert "Las Américas" in [s.name for s in _parse(text).settlements]


@pytest.mark.parametrize("raw", [
    SAMPLE.read_bytes().decode("latin-1").encode("utf-16"),
    b"PK\x03\x04\x00\x00binary",
    "d_codigo|d_asenta\n99000|Centro\x85".encode("latin-1"),
])
def test_a_bad_encoding_is_a_spanish_error(raw):
    with pytest.raises(sepomex.SepomexError) as error:
        sepomex.decode(raw)
    assert "Latin-1" in error.value.errors[0] or "control" in error.value.errors[0]


def test_a_wrong_column_count_fails_the_whole_file_with_the_line_number():
    text = (HEADER + "\n99000|Centro|Colonia|Fresnillo|Zacatecas|Fresnillo|99001|32|99001||09|010|0001|Urbano|01"
            "\n99010|Industrial|Colonia|Fresnillo|Zacatecas")
    with pytest.raises(sepomex.SepomexError) as error:
        _parse(text)
    assert error.value.errors == ["Línea 3: tiene 5 columnas y el encabezado 15."]
    assert "no se importó" in str(error.value)


@pytest.mark.parametrize("row, message", [
    ("9900|Centro|Colonia|Fresnillo|Zacatecas|||||||||| ", "no tiene 5 dígitos"),
    ("99000||Colonia|Fresnillo|Zacatecas||||||||||", "falta el nombre"),
    ("99000|" + "x" * 121 + "|Colonia|Fresnillo|Zacatecas||||||||||", "pasa de 120"),
])
def test_bad_fields_are_reported(row, message):
    with pytest.raises(sepomex.SepomexError) as error:
        _parse(HEADER + "\n" + row)
    assert message in error.value.errors[0] and error.value.errors[0].startswith("Línea 2:")


def test_a_file_without_the_header_or_without_the_municipality_is_refused():
    with pytest.raises(sepomex.SepomexError, match="encabezado"):
        _parse("99000,Centro,Colonia,Fresnillo,Zacatecas")
    with pytest.raises(sepomex.SepomexError, match="Faltan las columnas D_mnpio"):
        _parse("d_codigo|d_asenta|d_tipo_asenta|d_estado\n99000|Centro|Colonia|Zacatecas")
    with pytest.raises(sepomex.SepomexError, match="no tiene asentamientos del municipio"):
        _parse(HEADER + "\n98000|Centro|Colonia|Zacatecas|Zacatecas||||||||||")


def test_serialized_settlements_parse_back_to_the_same():
    result = _parse(sepomex.decode(SAMPLE.read_bytes()))
    again = _parse(sepomex.serialize(result.settlements, "Fresnillo", "Zacatecas"))
    assert again.settlements == result.settlements


@pytest.mark.parametrize("text, key", [
    ("Col. Centro", "centro"), ("  CENTRO ", "centro"), ("Fracc. Las Águilas", "las aguilas"),
    ("Barrio de San Juan", "san juan"), ("De la Cruz", "de la cruz"), ("Colonia", "colonia"),
    ("Lázaro Cárdenas", "lazaro cardenas"),
])
def test_name_key_compares_without_accents_case_or_type_word(text, key):
    assert sepomex.name_key(text) == key
