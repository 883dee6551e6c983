"""The languages: catalogues of texts and formats, problems with data said in the page's
language, and the English that problems print (set here for citylinks.errors, which is below
this package and cannot import it)."""

from collections.abc import Mapping

from citylinks.errors import Param, describe_with
from citylinks.i18n.catalogue import texts


def _english(code: str, params: Mapping[str, Param]) -> str:
    return texts("en").problem_text(code, params)


describe_with(_english)
