"""Names compared as people write them: without accents, case or punctuation."""

from __future__ import annotations

import re
import unicodedata


def normalize_name(name: str) -> str:
    """Case-, accent- and punctuation-insensitive key: 'São Paulo' and 'sao-paulo' match."""
    decomposed = unicodedata.normalize("NFKD", name)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    stripped = stripped.casefold().replace("'", "").replace("’", "").replace("ʿ", "")
    return re.sub(r"[^0-9a-z]+", " ", stripped).strip()


def name_key(text: str) -> str:
    """A name to compare, where an apostrophe or an underscore separates words: "d'accord"
    and "type_d_accord" are "d accord" and "type d accord"."""
    return normalize_name(text.replace("_", " ").replace("'", " ").replace("’", " "))
