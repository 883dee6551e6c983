"""Names compared as people write them: without accents, case or punctuation."""

from __future__ import annotations

import re
import unicodedata

_NOT_LETTERS = re.compile(r"[^0-9a-z]+")


def normalize_name(name: str) -> str:
    """Case-, accent- and punctuation-insensitive key: 'São Paulo' and 'sao-paulo' match."""
    if not name.isascii():  # ASCII has no accent to take off (most names, most themes)
        decomposed = unicodedata.normalize("NFKD", name)
        name = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    stripped = name.casefold().replace("'", "").replace("’", "").replace("ʿ", "")
    return _NOT_LETTERS.sub(" ", stripped).strip()


def name_key(text: str) -> str:
    """A name to compare, where an apostrophe or an underscore separates words: "d'accord"
    and "type_d_accord" are "d accord" and "type d accord"."""
    return normalize_name(text.replace("_", " ").replace("'", " ").replace("’", " "))
