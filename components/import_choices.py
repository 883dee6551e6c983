"""The import panel's choices as the server reads them (components/import_panel.py wires the
callbacks): the file's columns matched to CityLinks' and the places chosen for ambiguous
rows (both as the pattern-matching ids of the panel's dropdowns carry them, checked), the home
city typed, and the kept upload prepared with them (citylinks/importing/prepare.py)."""

from __future__ import annotations

from citylinks.errors import InvalidInput
from citylinks.i18n.catalogue import Texts
from citylinks.importing.columns import TARGETS, ColumnMapping
from citylinks.importing.places import HomeCity, parse_home
from citylinks.importing.prepare import ImportResult, prepare
from citylinks.importing.workspace import Upload
from citylinks.model.inputs import as_text


def column_mapping(values: list, id_list: list[dict], header: list[str]) -> ColumnMapping:
    """The column choices of the panel (dropdown ids carry the target), checked."""
    mapping: ColumnMapping = dict.fromkeys(TARGETS)
    for value, component in zip(values, id_list, strict=False):
        target = component.get("id", {}).get("target") if isinstance(component, dict) else None
        if target in mapping and isinstance(value, str) and value in header:
            mapping[target] = value
    return mapping


def place_choices(values: list, id_list: list[dict]) -> dict[int, int]:
    """The place chosen for each ambiguous row, by its line (dropdown ids carry the line)."""
    choices = {}
    for value, component in zip(values, id_list, strict=False):
        line = component.get("id", {}).get("line") if isinstance(component, dict) else None
        if isinstance(line, int) and isinstance(value, int) and not isinstance(value, bool):
            choices[line] = value
    return choices


def prepared(
    upload: Upload, column_values: list, column_ids: list, choice_values: list, choice_ids: list
) -> ImportResult:
    """The upload's table prepared with the panel's column and place choices (the ids carry
    the field and the line). Raises DataError when the file cannot be used."""
    source = upload.source
    mapping = column_mapping(column_values, column_ids, source.header)
    return prepare(source, mapping, choices=place_choices(choice_values, choice_ids))


def home_city(home_text: object, t: Texts) -> tuple[HomeCity | None, str]:
    """The home city typed, or why it cannot be used (in the page's language)."""
    text = as_text(home_text)
    if not text:
        return None, t("import.home_needed")
    try:
        return parse_home(text), ""
    except InvalidInput as err:
        return None, t.problem(err)
