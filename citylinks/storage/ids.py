"""The store's names for things and how they are checked: map ids, draft tokens, edit secrets
(kept only hashed, compared in constant time), file names and the names people give."""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
import unicodedata

from citylinks.storage.errors import StorageError

MAIN_MAP = "main"  # a story of the map the server serves (not a saved one)
MAP_ID = re.compile(r"^[A-Za-z0-9_-]{12}$")  # secrets.token_urlsafe(9): 72 random bits
TOKEN = re.compile(r"^[A-Za-z0-9_-]{22}$")  # secrets.token_urlsafe(16): 128 random bits
SECRET = re.compile(r"^[A-Za-z0-9_-]{32}$")  # secrets.token_urlsafe(24): 192 random bits
SECRET_HASH = re.compile(r"^[0-9a-f]{64}$")
# A plain file name: no folder, no "..", nothing hidden.
FILE_NAME = re.compile(r"^(?!.*\.\.)[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")


def is_map_id(value: object) -> bool:
    return isinstance(value, str) and bool(MAP_ID.match(value))


def is_story_id(value: object) -> bool:
    """A story's id has the form of a map's (72 random bits)."""
    return is_map_id(value)


def is_token(value: object) -> bool:
    return isinstance(value, str) and bool(TOKEN.match(value))


def is_secret(value: object) -> bool:
    return isinstance(value, str) and bool(SECRET.match(value))


def is_file_name(value: object) -> bool:
    return isinstance(value, str) and bool(FILE_NAME.match(value))


def new_map_id() -> str:
    """72 random bits, beginning with a letter or digit: an id starting with "-" would read as
    an option on the command line (`maps export ID FOLDER`) and "_" looks like a typing slip."""
    while True:
        map_id = secrets.token_urlsafe(9)
        if map_id[0].isalnum():
            return map_id


def new_token() -> str:
    return secrets.token_urlsafe(16)


def new_secret() -> str:
    return secrets.token_urlsafe(24)


def hash_secret(secret: str) -> str:
    """What the store keeps of an edit secret (a 192-bit random secret needs no slow hash)."""
    return hashlib.sha256(secret.encode("ascii")).hexdigest()


def secret_matches(secret: object, stored_hash: str) -> bool:
    if not is_secret(secret):
        return False
    assert isinstance(secret, str)
    return hmac.compare_digest(hash_secret(secret), stored_hash)


def clean_name(name: object, limit: int) -> str:
    """A name as kept: control characters and runs of spaces made single spaces, stripped,
    at most `limit` characters; StorageError when nothing is left."""
    text = "".join(" " if unicodedata.category(c).startswith("C") else c for c in str(name or ""))
    text = " ".join(text.split())[:limit].strip()
    if not text:
        raise StorageError("storage.name_empty")
    return text


def check_file_names(names: list[str]) -> None:
    for name in names:
        if not is_file_name(name):
            raise StorageError("storage.file_name", name=str(name)[:80])
