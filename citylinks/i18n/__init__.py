"""The languages: catalogues of texts and formats, and problems in the page's language."""
