"""French and English in Chromium: the browser's language chooses, a link's `lang` wins, the
switch keeps the view, and the French page shows no English text of the catalogue."""

from __future__ import annotations

import re
import urllib.parse

import pytest
from harness import open_page
from mapdom import partner_points, wait_for_map, wait_for_status

from citylinks.i18n.catalogue import catalogue, texts

pytestmark = pytest.mark.browser

# Everything a person can read on the page, or hear from a screen reader: the text (but not
# what is marked as another language, such as the switch's "English"), titles and labels,
# the map's and the timeline's SVG texts, and every text of the map's traces (hover texts,
# legend names), without their HTML.
_READABLE_JS = """
(lang) => {
  const body = document.body.cloneNode(true);
  body.querySelectorAll('[lang]').forEach((e) => { if (e.lang !== lang) e.remove(); });
  body.querySelectorAll('script, style').forEach((e) => e.remove());
  const texts = [body.innerText];
  for (const e of document.querySelectorAll('[title], [aria-label], [data-title]')) {
    if (e.closest('[lang]') && e.closest('[lang]').lang !== lang) continue;
    texts.push(e.getAttribute('title') || '', e.getAttribute('aria-label') || '',
               e.getAttribute('data-title') || '');
  }
  document.querySelectorAll('svg text').forEach((t) => texts.push(t.textContent));
  const gd = document.querySelector('#map .js-plotly-plot');
  for (const trace of gd.data) {
    for (const key of ['name', 'text', 'hovertext']) {
      const value = trace[key];
      (Array.isArray(value) ? value : [value]).forEach((v) => v && texts.push(String(v)));
    }
  }
  return texts.join('\\n').replace(/<[^>]+>/g, ' ');
}
"""


def english_fragments() -> set[str]:
    """The catalogue's English texts that French says differently, cut at their
    placeholders; a fragment counts when it is a word of 4 letters or more, or several."""
    english, french = catalogue("en"), catalogue("fr")
    fragments = set()
    for key, text in english.items():
        if text == french[key]:
            continue
        for part in re.split(r"\{[a-z_]+\}", text):
            part = part.strip(" .,:;()–")
            if part in french[key]:
                continue  # the same in French ("CityLinks", a name)
            if (len(part) >= 4 and re.search(r"[A-Za-z]{2}", part)) or " " in part:
                fragments.add(part)
    return fragments


def readable(page, lang: str) -> str:
    return page.evaluate(_READABLE_JS, lang)


def test_lang001_the_browser_language_chooses(browser, live_server, artifacts):
    page, log = open_page(browser, locale="fr-FR")
    page.goto(live_server.url)
    wait_for_map(page)
    assert page.evaluate("document.documentElement.lang") == "fr"
    wait_for_status(page, "partenaires dans")
    assert page.get_by_role("checkbox", name="CGLU").is_visible()
    assert page.get_by_text("Réseaux de villes", exact=True).is_visible()
    assert urllib.parse.urlsplit(page.url).query == ""  # the browser chose: not in the address
    page.screenshot(path=artifacts / "french_1920x1080.png")
    english = page.context.browser.new_context(locale="en-GB").new_page()
    english.goto(live_server.url)
    wait_for_map(english)
    assert english.evaluate("document.documentElement.lang") == "en"
    wait_for_status(english, "partners in")
    english.context.close()
    log.assert_clean()
    page.context.close()


def test_lang002_the_french_page_has_no_english_left(browser, live_server, artifacts, dataset):
    """Every text of the page in French, with the details panel of a partner open, a network
    shown, and the mode bar's buttons (plotly's own French)."""
    page, log = open_page(browser, locale="en-GB")
    page.goto(live_server.url + "?lang=fr&year=2016&network=c40&city=Tokyo&country=JP")
    wait_for_map(page)
    page.wait_for_selector("#details-panel:not(.hidden)")
    details = page.locator("#details-panel").inner_text()
    assert "Accord d’amitié et de coopération du 14 juillet 1982" in details
    assert "Japon" in details
    # French number format: a narrow no-break space between thousands.
    distance = page.locator(".details-distance").inner_text()
    assert distance == "À 9\u202f736\u00a0km de Paris (à vol d’oiseau)"
    page.hover("#map .modebar")  # the mode bar's buttons carry their titles
    text = readable(page, "fr")
    for french in ("Membres de C40", "Année", "Jumelage", "Londres", "Pékin", "Le Caire"):
        assert french in text
    # Names stay as they are: networks ("Resilient Cities Network", "Cities for Life") and
    # cities that French calls by their own name ("Quezon City").
    fr = texts("fr")
    names = [fr.pick(row.name, row.name_fr) for row in dataset.networks.itertuples()]
    for frame in (dataset.partners, dataset.memberships, dataset.events):
        names += [fr.pick(c, f) for c, f in zip(frame["city"], frame["city_fr"], strict=True)]
    for name in sorted(set(names), key=len, reverse=True):
        text = text.replace(name, "")
    # Whole words only: "City" in "CityLinks" is the product's name.
    found = {}
    for fragment in english_fragments():
        match = re.search(rf"(?<![A-Za-z]){re.escape(fragment)}(?![A-Za-z])", text)
        if match:
            found[fragment] = text[max(0, match.start() - 40) : match.end() + 40]
    assert found == {}, f"English left on the French page: {found}"
    assert "Zoom avant" in text  # plotly's mode bar, in French
    page.screenshot(path=artifacts / "french_details_tokyo.png")
    log.assert_clean()
    page.context.close()


def test_lang003_the_switch_keeps_the_view_and_joins_the_address(browser, live_server, dataset):
    page, log = open_page(browser, locale="en-GB")
    page.goto(live_server.url + "?year=1997&network=eurocities&mode=any")
    wait_for_map(page)
    wait_for_status(page, "as of 1997")
    shown = partner_points(page)
    switch = page.locator("#language-switch")
    assert switch.inner_text() == "Français" and switch.get_attribute("lang") == "fr"
    with page.expect_navigation():
        switch.click()
    assert page.evaluate("document.documentElement.lang") == "fr"
    wait_for_map(page)
    wait_for_status(page, "en 1997")
    query = urllib.parse.parse_qs(urllib.parse.urlsplit(page.url).query)
    assert query == {
        "year": ["1997"],
        "network": ["eurocities"],
        "mode": ["any"],
        "lang": ["fr"],
    }
    assert partner_points(page, shown) == shown
    assert page.get_by_role("radio", name="Partenaires dans au moins un réseau choisi").is_checked()
    # The language stays in the address as the view changes, and the switch goes back.
    page.get_by_role("checkbox", name="AIMF").check()
    page.wait_for_function(
        "() => new URLSearchParams(location.search).getAll('network').length === 2"
    )
    assert "lang=fr" in page.url
    with page.expect_navigation():
        page.locator("#language-switch").click()
    assert page.evaluate("document.documentElement.lang") == "en"
    wait_for_map(page)
    wait_for_status(page, "as of 1997")
    assert "lang=en" in page.url
    log.assert_clean()
    page.context.close()


def test_lang004_a_bad_language_falls_back_and_says_so(browser, live_server):
    page, log = open_page(browser, locale="fr-FR")
    page.goto(live_server.url + "?lang=de")
    wait_for_map(page)
    assert page.evaluate("document.documentElement.lang") == "fr"
    notice = page.locator("#url-notice")
    notice.wait_for(state="visible")
    said = "la langue 'de' ne fait pas partie des langues disponibles (en, fr)"
    assert said in notice.inner_text()
    log.assert_clean()
    page.context.close()
