"""Problems with a file, in French: the import panel shows them in the page's language.

The loader and the importer say what is wrong in English (the command line, the logs and the
tests read that); `french(message)` gives the French of every message they can say to an
import, found by its pattern, with the values carried over. `None` means a message with no
French yet: tests/unit/test_import_french.py imports bad files of every kind in French and
fails on one.
"""

from __future__ import annotations

import re

_V = r"'(?P<value>.*)'"
_FOUND = r"(?: \(found '(?P<found>.*)'\))?"

# (English pattern, French template): the pattern's named groups fill the template.
PATTERNS: list[tuple[str, str]] = [
    (
        r"the file is larger than (?P<limit>[\d.]+ MB), the limit for an import "
        r"\(split it, or keep only the partners' columns\)",
        "le fichier dépasse {limit}, la limite d'un import (coupez-le, ou ne gardez que les "
        "colonnes des partenaires)",
    ),
    (r"the file is empty", "le fichier est vide"),
    (
        r"this is an old Excel file \(\.xls\): save it as \.xlsx or CSV",
        "c'est un ancien fichier Excel (.xls)\u00a0: enregistrez-le en .xlsx ou en CSV",
    ),
    (
        r"this is not a text table but a ZIP file "
        r"\(an Excel workbook renamed '(?P<suffix>.*)'\?\): name it \.xlsx, or save it as CSV",
        "ce n'est pas un tableau texte mais un fichier ZIP (un classeur Excel renommé "
        "« {suffix} »\u00a0?)\u00a0: nommez-le .xlsx, ou enregistrez-le en CSV",
    ),
    (
        r"this file is named \.xlsx but is not an Excel workbook",
        "ce fichier porte l'extension .xlsx mais n'est pas un classeur Excel",
    ),
    (
        r"the file says UTF-8 \(BOM\) but is not UTF-8",
        "le fichier s'annonce en UTF-8 (BOM) mais n'est pas en UTF-8",
    ),
    (
        r"this is not a text file \(it contains NUL bytes\): use CSV or \.xlsx",
        "ce n'est pas un fichier texte (il contient des octets nuls)\u00a0: utilisez un CSV ou "
        "un .xlsx",
    ),
    (
        r"this is not a text table \(it looks like binary data\): use CSV or \.xlsx",
        "ce n'est pas un tableau texte (il ressemble à des données binaires)\u00a0: utilisez "
        "un CSV ou un .xlsx",
    ),
    (
        r"more than (?P<n>[\d,]+) rows: the limit for an import",
        "plus de {n} lignes\u00a0: la limite d'un import",
    ),
    (
        r"(?P<n>\d+) fields where the header has (?P<m>\d+) \(an unquoted separator in a cell\?\)",
        "{n} champs alors que l'en-tête a {m} colonnes (un séparateur dans une cellule sans "
        "guillemets\u00a0?)",
    ),
    (r"unreadable CSV: (?P<err>.*)", "CSV illisible\u00a0: {err}"),
    (r"the file has a header but no rows", "le fichier a un en-tête mais aucune ligne"),
    (
        r"this column appears twice in the header",
        "cette colonne figure deux fois dans l'en-tête",
    ),
    (
        r"this Excel workbook cannot be read \((?P<err>.*)\)",
        "ce classeur Excel ne peut pas être lu ({err})",
    ),
    (r"the workbook's first sheet is empty", "la première feuille du classeur est vide"),
    (
        r"the first sheet has a header but no rows",
        "la première feuille a un en-tête mais aucune ligne",
    ),
    # Bounds of an import (citylinks/importing/source.py).
    (
        r"this cell has (?P<n>[\d,]+) characters; the limit is (?P<m>[\d,]+)",
        "cette cellule a {n} caractères\u00a0; la limite est de {m}",
    ),
    (
        r"the table holds more than (?P<n>[\d,]+) characters: the limit for an import",
        "le tableau contient plus de {n} caractères\u00a0: la limite d'un import",
    ),
    (
        r"the header has (?P<n>[\d,]+) columns; the limit is (?P<m>[\d,]+) \(keep only the "
        r"partners' columns\)",
        "l'en-tête a {n} colonnes\u00a0; la limite est de {m} (ne gardez que les colonnes des "
        "partenaires)",
    ),
    (
        r"this workbook has (?P<n>[\d,]+) parts; the limit is (?P<m>[\d,]+)",
        "ce classeur a {n} parties\u00a0; la limite est de {m}",
    ),
    (
        r"this workbook's part '(?P<part>.*)' unpacks (?P<n>[\d,]+) times larger than it is "
        r"packed \(a ZIP bomb\?\): it is not read",
        "la partie « {part} » de ce classeur se décompresse en {n} fois sa taille (une bombe "
        "ZIP\u00a0?)\u00a0: elle n'est pas lue",
    ),
    (
        r"this workbook unpacks to (?P<size>[\d.]+ MB); the limit is (?P<limit>[\d.]+ MB) "
        r"\(keep only the partners' sheet and columns\)",
        "ce classeur fait {size} une fois décompressé\u00a0; la limite est de {limit} (ne "
        "gardez que la feuille et les colonnes des partenaires)",
    ),
    (
        r"the first sheet says it is (?P<n>[\d,]+) rows by (?P<m>[\d,]+) columns, more than "
        r"Excel allows: the file is damaged or forged",
        "la première feuille annonce {n} lignes sur {m} colonnes, plus qu'Excel n'en permet\u00a0: "
        "le fichier est abîmé ou falsifié",
    ),
    (
        r"the first sheet has (?P<n>[\d,]+) columns; the limit is (?P<m>[\d,]+) \(keep only "
        r"the partners' columns\)",
        "la première feuille a {n} colonnes\u00a0; la limite est de {m} (ne gardez que les "
        "colonnes des partenaires)",
    ),
    (
        r"the first sheet has values past column (?P<n>[\d,]+); the limit is (?P<m>[\d,]+) "
        r"columns \(keep only the partners' columns\)",
        "la première feuille a des valeurs au-delà de la colonne {n}\u00a0; la limite est de "
        "{m} colonnes (ne gardez que les colonnes des partenaires)",
    ),
    (
        r"the first sheet goes on past row (?P<n>[\d,]+) \(empty rows count too\): delete "
        r"the rows below the table",
        "la première feuille continue au-delà de la ligne {n} (les lignes vides comptent "
        "aussi)\u00a0: supprimez les lignes sous le tableau",
    ),
    (
        r"this row has values in columns the header does not name \(the header has "
        r"(?P<n>[\d,]+) columns\)",
        "cette ligne a des valeurs dans des colonnes que l'en-tête ne nomme pas (l'en-tête a "
        "{n} colonnes)",
    ),
    (
        r"'(?P<city>.*)' \((?P<cc>[A-Z]{2})\) is not in the offline gazetteer; close names were "
        r"not searched \(too many unknown names in this file\): correct the name, or add its "
        r"latitude and longitude",
        "« {city} » ({cc}) n'est pas dans le répertoire géographique hors ligne\u00a0; les noms "
        "proches n'ont pas été cherchés (trop de noms inconnus dans ce fichier)\u00a0: "
        "corrigez le nom, ou ajoutez sa latitude et sa longitude",
    ),
    (r"no such column in the file", "cette colonne n'est pas dans le fichier"),
    (r"no column was found for (?P<what>.*)", "aucune colonne trouvée pour {what}"),
    (r"the city is empty", "la ville est vide"),
    (
        _V + r" is not a two-letter country code \(ISO 3166\)",
        "« {value} » n'est pas un code pays à deux lettres (ISO 3166)",
    ),
    (
        _V + r" is not a country name the import knows",
        "« {value} » n'est pas un nom de pays connu de l'import",
    ),
    (r"no country", "pas de pays"),
    (
        _V + r" is not a date \(YYYY-MM-DD or DD/MM/YYYY\)",
        "« {value} » n'est pas une date (AAAA-MM-JJ ou JJ/MM/AAAA)",
    ),
    (
        _V + r" is not a year \(a whole number such as 1997\)",
        "« {value} » n'est pas une année (un nombre entier comme 1997)",
    ),
    (r"the year signed is empty", "l'année de signature est vide"),
    (
        _V + r" is not an agreement type: twinning \(jumelage\) or friendship and cooperation "
        r"\(amitié, coopération\)",
        "« {value} » n'est pas un type d'accord\u00a0: jumelage, ou amitié et coopération",
    ),
    (
        _V + r" is not a latitude \(-90 to 90, e\.g\. 45,76 or 45\.76\)",
        "« {value} » n'est pas une latitude (de -90 à 90, par ex. 45,76)",
    ),
    (
        _V + r" is not a longitude \(-180 to 180\)",
        "« {value} » n'est pas une longitude (de -180 à 180)",
    ),
    (
        r"the chosen place \(GeoNames (?P<id>\d+)\) is not one of the candidates",
        "le lieu choisi (GeoNames {id}) n'est pas l'un des candidats",
    ),
    (
        r"'(?P<city>.*)' \((?P<cc>[A-Z]{2})\) is not in the offline gazetteer \(GeoNames places "
        r"of 5,000 people or more\): add its latitude and longitude",
        "« {city} » ({cc}) n'est pas dans le répertoire géographique hors ligne (lieux GeoNames "
        "de 5\u202f000 habitants ou plus)\u00a0: ajoutez sa latitude et sa longitude",
    ),
    (r"the same city as line (?P<n>\d+)", "la même ville qu'à la ligne {n}"),
    (r"no row could be imported", "aucune ligne n'a pu être importée"),
    (
        r"'(?P<city>.*)' \((?P<cc>[A-Z]{2})\) is several places: choose one \((?P<options>.*)\)",
        "« {city} » ({cc}) désigne plusieurs lieux\u00a0: choisissez-en un ({options})",
    ),
    (
        r"home: '(?P<country>.*)' is not a country name or a two-letter code",
        "ville d'origine : « {country} » n'est ni un nom de pays ni un code à deux lettres",
    ),
    (
        r"home: '(?P<text>.*)' is ambiguous: add the country, or give one of (?P<options>.*)",
        "ville d'origine : « {text} » désigne plusieurs lieux : ajoutez le pays, ou "
        "donnez l'un de {options}",
    ),
    (
        r"home: '(?P<text>.*)' is not in the offline gazetteer",
        "ville d'origine : « {text} » n'est pas dans le répertoire géographique hors ligne",
    ),
    (
        r"'(?P<city>.*)' \((?P<cc>[A-Z]{2})\) is not in the offline gazetteer; places with a "
        r"close name: choose one, or add its latitude and longitude \((?P<options>.*)\)",
        "« {city} » ({cc}) n'est pas dans le répertoire géographique hors ligne\u00a0; lieux "
        "au nom proche\u00a0: choisissez-en un, ou ajoutez sa latitude et sa longitude "
        "({options})",
    ),
    # The loader's own checks (citylinks/dataset/schemas.py, citylinks/dataset/csvfile.py).
    (
        r"is in the future \(latest allowed: (?P<y>\d+)\)" + _FOUND,
        "est dans le futur (au plus tard\u00a0: {y}){found}",
    ),
    (
        r"is too early \(earliest allowed: (?P<y>\d+)\)" + _FOUND,
        "est trop ancienne (au plus tôt\u00a0: {y}){found}",
    ),
    (
        r"does not fall in the year given in '(?P<column>.*)'",
        "ne tombe pas dans l'année donnée dans « {column} »",
    ),
    (
        r"is before the year the agreement was signed",
        "est antérieure à l'année de signature de l'accord",
    ),
    (
        _V + r" is not a number \(use a dot for decimals: 48\.8534\)",
        "« {value} » n'est pas un nombre",
    ),
    (
        _V + r" is not a date \(YYYY, YYYY-MM or YYYY-MM-DD\)",
        "« {value} » n'est pas une date (AAAA, AAAA-MM ou AAAA-MM-JJ)",
    ),
    (r"is empty; a value is required here", "est vide\u00a0; une valeur est requise ici"),
    (
        r"is not an ISO 3166-1 alpha-2 country code \(e\.g\. FR, BR\)" + _FOUND,
        "n'est pas un code pays ISO 3166-1 à deux lettres (par ex. FR, BR){found}",
    ),
    (
        r"is not an agreement type \(twinning or friendship_cooperation\)" + _FOUND,
        "n'est pas un type d'accord (twinning ou friendship_cooperation){found}",
    ),
]
_COMPILED = [(re.compile(f"^{pattern}$"), french) for pattern, french in PATTERNS]
_WHAT = {
    "the city (a column named city or ville)": "la ville (une colonne city ou ville)",
    "the country (country, pays or country_code)": "le pays (country, pays ou country_code)",
    "the year signed (year, année or date)": "l'année de signature (year, année ou date)",
}


def _french_number(text: str) -> str:
    """ "5,000,000" as French writes it, "5 000 000" (narrow no-break spaces); other text
    as it is."""
    return text.replace(",", "\u202f") if re.fullmatch(r"\d{1,3}(?:,\d{3})+", text) else text


def french(message: str) -> str | None:
    """The French of a problem message, or None when there is none yet."""
    for pattern, template in _COMPILED:
        match = pattern.match(message)
        if match:
            values = {k: _french_number(v or "") for k, v in match.groupdict().items()}
            if values.get("found"):
                values["found"] = f" (trouvé\u00a0: « {values['found']} »)"
            if "what" in values:
                parts = values["what"].split("; nor for ")
                values["what"] = " ni pour ".join(_WHAT.get(p, p) for p in parts)
            return template.format(**values)
    return None


def in_language(message: str, lang: str) -> str:
    """The message in the page's language (as it is when there is no translation)."""
    if lang == "fr":
        return french(message) or message
    return message
