"""The page's language: which one a request gets, the switch between them, and <html lang>.

A link may say `lang=fr` or `lang=en`; without it, the browser's Accept-Language chooses
(English when it asks for neither). Dash builds the page from a second request (the layout's),
which does not carry the page's query string: the page's own request leaves the asked language
in a session cookie for it, and clears the cookie when the link asks for none. The switch is a
plain link to the other language; assets/scripts/share.js adds the current view to it, so switching
keeps the year, filters and city.
"""

from __future__ import annotations

from dash import Dash, dcc, html
from flask import Response, has_request_context, request

from citylinks.i18n.catalogue import LANGUAGE_NAMES, LANGUAGES, Texts, texts
from citylinks.model.inputs import as_choice
from components import ids

COOKIE = "citylinks_lang"
INTERNAL_PREFIXES = ("_dash", "_citylinks", "_reload", "_favicon", "assets")


def texts_of(lang: object) -> Texts:
    """The texts of the language the page's language store says (a callback's input, checked):
    English when it says none of ours."""
    return texts(as_choice(lang, LANGUAGES) or LANGUAGES[0])


def asked_language() -> str | None:
    """The language the page's address asks for (`lang=`), when it is one we have."""
    value = request.args.get("lang")
    return value if value in LANGUAGES else None


def page_language() -> str:
    """The language of the page being served (English outside a request)."""
    if not has_request_context():
        return LANGUAGES[0]
    cookie = request.cookies.get(COOKIE)
    if cookie in LANGUAGES:
        return cookie
    return browser_language()


def _primary(tag: str) -> str:
    return tag.split("-")[0].lower()


def browser_language() -> str:
    """The first of our languages the request's Accept-Language asks for (English when none):
    highest quality first, then the browser's order; a regional tag (fr-CH) counts for its
    language. werkzeug parses the header (a quality outside 0..1 or not a number drops its
    tag) and picks among the browser's own tags that are one of ours."""
    accepted = request.accept_languages
    ours = [tag for tag, _ in accepted if _primary(tag) in LANGUAGES]
    return _primary(accepted.best_match(ours, default=LANGUAGES[0]))


def layout(t: Texts) -> html.Div:
    other = next(lang for lang in LANGUAGES if lang != t.lang)
    return html.Div(
        className="language",
        children=[
            # The link's text is in the other language, and says so (lang), as is the rule
            # for a language switch.
            html.A(
                LANGUAGE_NAMES[other],
                id=ids.LANGUAGE_SWITCH,
                className="language-switch",
                href=f"?lang={other}",
                hrefLang=other,
                lang=other,
                title=t("language.switch_title"),
            ),
            dcc.Store(id=ids.LANGUAGE, data=t.lang),
        ],
    )


def register(app: Dash) -> None:
    prefix = app.config.routes_pathname_prefix

    def is_page(path: str) -> bool:
        inner = path[len(prefix) :] if path.startswith(prefix) else path.lstrip("/")
        return not inner.startswith(INTERNAL_PREFIXES)

    @app.server.after_request
    def _remember_language(response: Response) -> Response:
        if request.method == "GET" and is_page(request.path) and response.mimetype == "text/html":
            asked = asked_language()
            if asked:
                response.set_cookie(COOKIE, asked, httponly=True, samesite="Strict", path=prefix)
            elif COOKIE in request.cookies:
                response.delete_cookie(COOKIE, path=prefix, httponly=True, samesite="Strict")
        return response


def with_html_lang(page: str) -> str:
    """The page's HTML with <html lang>: the language the link asks for, else the browser's
    (app.py's Dash calls it on every page it serves)."""
    lang = asked_language() or browser_language()
    return page.replace("<html>", f'<html lang="{lang}">', 1)
