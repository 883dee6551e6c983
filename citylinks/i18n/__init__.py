"""The languages: catalogues of texts and formats, and problems with data said in the page's
language."""
