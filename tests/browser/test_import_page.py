"""Bring your own city in Chromium: a spreadsheet chosen in the import panel, its columns and
problems shown, an ambiguous city chosen by hand, then its own map with its cities on it."""

from __future__ import annotations

import re
import zipfile

import pytest
from harness import open_page
from mapdom import partner_points, wait_for_map, wait_for_status

pytestmark = pytest.mark.browser

LYON_CSV = (
    "Ville;Pays;Année;Type d'accord\r\n"
    "Turin;Italie;1956;Jumelage\r\n"
    "Birmingham;Royaume-Uni;1951;Jumelage\r\n"
    "Springfield;États-Unis;2001;Amitié\r\n"
    "Atlantisville;France;1990;Jumelage\r\n"
)


def test_imp101_import_a_spreadsheet_and_see_its_map(browser, live_server, artifacts, tmp_path):
    spreadsheet = tmp_path / "lyon.csv"
    spreadsheet.write_bytes(b"\xef\xbb\xbf" + LYON_CSV.encode("utf-8"))
    page, log = open_page(browser)
    page.goto(live_server.url)
    wait_for_map(page)
    page.get_by_role("button", name="Import").click()
    panel = page.locator("#import-panel")
    panel.wait_for(state="visible")
    page.set_input_files("#import-file", str(spreadsheet))
    status = page.locator("#import-status")
    status.get_by_text("separator semicolon (;), 4 rows").wait_for()
    assert "UTF-8 with BOM" in status.inner_text()
    assert panel.locator(".import-preview tbody tr").count() == 4
    home = page.get_by_label("Home city (name, country)")
    home.fill("Lyon, FR")
    home.press("Enter")
    summary = page.locator("#import-summary")
    summary.get_by_text("2 ready, 1 waiting for a choice, 1 rejected (of 4)").wait_for()
    problems = panel.locator(".import-problem").all_inner_texts()
    assert len(problems) == 1 and "Atlantisville" in problems[0] and problems[0].startswith("5")
    # Springfield: several places; the person chooses the one in Massachusetts.
    choice = panel.locator(".import-choice")
    assert "Line 4: Springfield (United States)" in choice.inner_text()
    choice.locator(".dash-dropdown").click()
    page.get_by_role("option", name=re.compile(r"42\.1015")).click()
    summary.get_by_text("3 ready, 0 waiting for a choice, 1 rejected (of 4)").wait_for()
    page.screenshot(path=artifacts / "import_panel.png")
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Download the rows not imported (CSV)").click()
    rejected = download_info.value.path().read_text(encoding="utf-8-sig")
    assert "Atlantisville" in rejected and "not in the offline gazetteer" in rejected
    page.get_by_role("button", name="Show on the map").click()
    link = page.get_by_role("link", name="Open the map of Lyon: 3 partners")
    link.wait_for()
    # The clean CityLinks files, to keep or to serve with `make run DATA=folder`.
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Download the CityLinks files (ZIP)").click()
    with zipfile.ZipFile(download_info.value.path()) as archive:
        assert set(archive.namelist()) >= {"home.csv", "partners.csv", "rejected.csv"}
        partners = archive.read("partners.csv").decode("utf-8-sig").splitlines()
    assert len(partners) == 1 + 3 and partners[0].startswith("city,city_fr,country")
    log.assert_clean()

    link.click()
    page.wait_for_url(re.compile(r"/imported/[A-Za-z0-9_-]{22}/$"))
    wait_for_map(page)
    wait_for_status(page, "Lyon: 3 partners in 3 countries as of")
    assert partner_points(page, 3) == 3
    assert "Imported from lyon.csv" in page.locator(".imported-note").inner_text()
    page.get_by_role("button", name="Table").click()
    page.wait_for_selector("#table-body tr")
    cities = page.locator("#table-body th").all_inner_texts()
    assert sorted(cities) == ["Birmingham", "Springfield", "Turin"]
    page.screenshot(path=artifacts / "imported_lyon.png")
    log.assert_clean()
    page.context.close()


def test_imp102_a_file_that_is_not_a_table_is_refused_with_its_reason(
    browser, live_server, tmp_path
):
    fake = tmp_path / "partners.csv"
    fake.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(300))
    page, log = open_page(browser, locale="fr-FR")
    page.goto(live_server.url)
    wait_for_map(page)
    page.get_by_role("button", name="Importer").click()
    page.set_input_files("#import-file", str(fake))
    page.locator("#import-status").get_by_text("ce n’est pas un fichier texte").wait_for()
    assert page.get_by_role("button", name="Afficher sur la carte").is_disabled()
    # The server answered 422, which the page reports itself: that is the only error logged.
    log.console_errors = [e for e in log.console_errors if "422" not in e]
    log.assert_clean()
    page.context.close()


def test_imp103_save_an_import_then_open_its_view_and_edit_links(
    browser, live_server, artifacts, tmp_path
):
    spreadsheet = tmp_path / "lyon.csv"
    spreadsheet.write_text("city;country;year\nTurin;IT;1956\nBirmingham;GB;1951\n")
    page, log = open_page(browser)
    page.goto(live_server.url)
    wait_for_map(page)
    page.get_by_role("button", name="Import").click()
    page.set_input_files("#import-file", str(spreadsheet))
    page.locator("#import-status").get_by_text("2 rows").wait_for()
    home = page.get_by_label("Home city (name, country)")
    home.fill("Lyon, FR")
    home.press("Enter")
    page.locator("#import-summary").get_by_text("2 ready").wait_for()
    save = page.get_by_role("button", name="Save this map")
    assert save.is_disabled()  # not before the import is on the map
    page.get_by_role("button", name="Show on the map").click()
    page.get_by_role("link", name="Open the map of Lyon: 2 partners").wait_for()
    page.get_by_label("Name of the map").fill("Lyon's twin towns")
    save.click()
    view = page.locator("a.saved-view-link")
    view.wait_for()
    assert "Saved as “Lyon's twin towns”" in page.locator("#import-saved").inner_text()
    page.screenshot(path=artifacts / "import_saved_links.png")
    view_url, edit_url = (
        view.get_attribute("href"),
        page.locator("a.saved-edit-link").get_attribute("href"),
    )
    assert re.fullmatch(r"http://127\.0\.0\.1:\d+/maps/[A-Za-z0-9_-]{12}/", view_url)
    assert edit_url.startswith(view_url + "edit#key=")
    log.assert_clean()

    # The view link: the map, read-only (no import panel, nothing of the upload).
    page.goto(view_url)
    wait_for_map(page)
    wait_for_status(page, "Lyon: 2 partners in 2 countries as of")
    assert page.title() == "CityLinks: Lyon's twin towns"
    assert page.get_by_role("button", name="Import").count() == 0
    assert "Saved map: Lyon's twin towns" in page.locator(".imported-note").inner_text()
    page.screenshot(path=artifacts / "saved_map_view.png")
    log.assert_clean()

    # The edit link: rename; the view link then shows the new name.
    page.goto(edit_url)
    wait_for_map(page)
    name = page.locator("#edit-name")
    name.fill("Lyon: twin towns")
    page.get_by_role("button", name="Rename").click()
    page.locator("#edit-status").get_by_text("Renamed “Lyon: twin towns”.").wait_for()
    page.screenshot(path=artifacts / "saved_map_edit.png")
    page.goto(view_url)
    wait_for_map(page)
    assert page.title() == "CityLinks: Lyon: twin towns"
    log.assert_clean()

    # Delete, after the browser asks; then the view link says there is no such map.
    page.goto(edit_url)
    wait_for_map(page)
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Delete this map").click()
    page.locator("#edit-status").get_by_text("Deleted.").wait_for()
    gone = page.goto(view_url)
    assert gone.status == 404 and "This map does not exist" in page.inner_text("main")
    page.screenshot(path=artifacts / "saved_map_deleted.png")
    page.context.close()
