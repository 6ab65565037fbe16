"""The participant page in real headless Chromium (Debian's chromium + chromium-driver, via Selenium).

Two phones in one browser: the page at http://127.0.0.1:PORT and at http://localhost:PORT
are two origins, so each has its own localStorage and so its own device token, as two
phones would. Skips, with the reason, when the browser, its driver or Selenium is missing
(.ci/install-browser installs them on Debian).
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest

from game.core.strings import ui
from game.facilitate.server import VoteServer
from game.facilitate.votes import VoteRoom

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")

if not CHROMIUM.exists() or not CHROMEDRIVER.exists():
    pytest.skip(f"{CHROMIUM} or {CHROMEDRIVER} is missing (run .ci/install-browser)", allow_module_level=True)
selenium = pytest.importorskip("selenium", reason="selenium is not installed (pip install -e '.[test]')")

from selenium import webdriver  # noqa: E402
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402

LABELS = ["Cúp máy, gọi cho mẹ", 'Hỏi số hiệu <b>cán bộ</b> & "đơn vị"', "Làm theo yêu cầu"]


@pytest.fixture(scope="module")
def browser():
    profile = tempfile.mkdtemp(prefix="notalone-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for arg in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--no-default-browser-check",
        "--window-size=412,915",
        f"--user-data-dir={profile}",
    ):
        options.add_argument(arg)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    old = os.environ.get("SE_OFFLINE")
    os.environ["SE_OFFLINE"] = "true"  # Selenium Manager must never download anything
    driver = None
    try:
        # An explicit driver path: Selenium skips Selenium Manager altogether.
        driver = webdriver.Chrome(service=Service(executable_path=str(CHROMEDRIVER)), options=options)
        driver.set_page_load_timeout(20)
        yield driver
    finally:
        if driver is not None:
            driver.quit()
        if old is None:
            os.environ.pop("SE_OFFLINE", None)
        else:
            os.environ["SE_OFFLINE"] = old
        shutil.rmtree(profile, ignore_errors=True)


@pytest.fixture
def room_server():
    room = VoteRoom(code="K7MX", lang="vi")
    room.open_step("call", LABELS)
    server = VoteServer(room, "127.0.0.1", 0).start()
    yield room, server
    server.stop()


def wait(driver, what, timeout=10):
    return WebDriverWait(driver, timeout, poll_frequency=0.1).until(lambda _d: what())


def choice_buttons(driver):
    return driver.find_elements(By.CSS_SELECTOR, "#choices button.choice")


def text_of(driver, element_id):
    return driver.find_element(By.ID, element_id).text


def note(driver) -> tuple[str, str]:
    """The note under the choices: (its kind - ok, err, info or empty - and its words without the icon)."""
    node = driver.find_element(By.ID, "note")
    words = driver.execute_script("var n = arguments[0]; return n.lastChild && n.childNodes.length > 1 ? n.lastChild.nodeValue : '';", node)
    return node.get_attribute("data-kind") or "", words


def test_the_page_shows_the_choices_and_a_tap_is_counted(browser, room_server):
    room, server = room_server
    phone_a = f"http://127.0.0.1:{server.port}/?r={room.code}"
    phone_b = f"http://localhost:{server.port}/?r={room.code}"

    browser.get(phone_a)
    wait(browser, lambda: len(choice_buttons(browser)) == 3)
    assert browser.title == ui("fac_page_title", "vi")
    shown = [b.find_element(By.CLASS_NAME, "label").text for b in choice_buttons(browser)]
    assert shown == LABELS, "labels shown as text, HTML and all"
    assert not browser.find_elements(By.CSS_SELECTOR, "#choices b"), "no markup from the data became an element"
    assert all(b.size["height"] >= 48 for b in choice_buttons(browser)), "big tap targets"

    choice_buttons(browser)[1].click()
    wait(browser, lambda: room.tally().phones == (0, 1, 0))
    wait(browser, lambda: note(browser) == ("ok", ui("fac_page_received", "vi")))
    assert "mine" in choice_buttons(browser)[1].get_attribute("class")

    choice_buttons(browser)[0].click()  # a change of mind before the reveal
    wait(browser, lambda: room.tally().phones == (1, 0, 0))

    browser.switch_to.new_window("tab")  # a second phone: another origin, another device token
    browser.get(phone_b)
    wait(browser, lambda: len(choice_buttons(browser)) == 3)
    choice_buttons(browser)[2].click()
    wait(browser, lambda: room.tally().phones == (1, 0, 1))

    # The trainer closes the vote: the phone stops taking taps and says so.
    room.close()
    wait(browser, lambda: text_of(browser, "status") == ui("fac_page_closed", "vi"))
    assert all(not b.is_enabled() for b in choice_buttons(browser))
    assert not [b.text for b in choice_buttons(browser) if b.find_element(By.CLASS_NAME, "count").text], "no counts before the reveal"

    room.reveal()
    wait(browser, lambda: choice_buttons(browser)[0].find_element(By.CLASS_NAME, "count").text == "1")
    assert choice_buttons(browser)[1].find_element(By.CLASS_NAME, "count").text == "0"

    room.clear()
    wait(browser, lambda: text_of(browser, "status") == ui("fac_page_waiting", "vi"))
    assert choice_buttons(browser) == []

    severe = [e for e in browser.get_log("browser") if e["level"] == "SEVERE" and "favicon" not in e["message"]]
    assert not severe, severe
    browser.close()
    browser.switch_to.window(browser.window_handles[0])


def test_a_wrong_room_code_asks_for_the_code(browser, room_server):
    room, server = room_server
    browser.get(f"http://127.0.0.1:{server.port}/?r=ZZZZ")
    wait(browser, lambda: browser.find_element(By.ID, "join").is_displayed())
    assert note(browser) == ("err", ui("fac_page_wrong_room", "vi")), "an error, in its own colour and icon"
    field = browser.find_element(By.ID, "code")
    field.send_keys(room.code.lower())
    browser.find_element(By.ID, "join-button").click()
    wait(browser, lambda: len(choice_buttons(browser)) == 3)
    assert room.tally().phones == (0, 0, 0)


def test_a_tap_on_a_phone_moves_the_count_on_the_projector(browser):
    """The whole loop: the trainer opens the vote on the projector, a phone taps, the projector's count changes."""
    import pygame
    from apphelp import key
    from test_facilitate_projector import projector, room, to_choosing

    app = projector(scenario="fake-police-call", lang="vi", join_url=None)
    server = VoteServer(app.room, "127.0.0.1", 0).start()
    try:
        app.setup.join_url = server.url
        to_choosing(app)
        key(app, pygame.K_PAGEDOWN)  # open the vote
        scene = room(app)
        assert scene.drawn_total == 0
        browser.get(server.url)
        wait(browser, lambda: len(choice_buttons(browser)) == len(scene.fs.labels))
        assert [b.find_element(By.CLASS_NAME, "label").text for b in choice_buttons(browser)] == scene.fs.labels
        choice_buttons(browser)[1].click()

        def projector_shows_one() -> bool:
            app.frame()
            return scene.drawn_total == 1

        wait(browser, projector_shows_one)
        key(app, pygame.K_PAGEDOWN)  # reveal: the phone shows the count too
        wait(browser, lambda: choice_buttons(browser)[1].find_element(By.CLASS_NAME, "count").text == "1")
    finally:
        server.stop()


def test_a_typed_room_code_survives_a_reload_and_errors_look_like_errors(browser, room_server):
    room, server = room_server
    browser.get(f"http://127.0.0.1:{server.port}/")  # the QR code's link lost its ?r=
    wait(browser, lambda: browser.find_element(By.ID, "join").is_displayed())
    browser.find_element(By.ID, "code").send_keys("zzzz")
    browser.find_element(By.ID, "join-button").click()
    wait(browser, lambda: note(browser) == ("err", ui("fac_page_wrong_room", "vi")))
    error_colour = browser.find_element(By.ID, "note").value_of_css_property("color")
    browser.find_element(By.ID, "code").clear()
    browser.find_element(By.ID, "code").send_keys(room.code.lower())
    browser.find_element(By.ID, "join-button").click()
    wait(browser, lambda: len(choice_buttons(browser)) == 3)
    choice_buttons(browser)[0].click()
    wait(browser, lambda: note(browser) == ("ok", ui("fac_page_received", "vi")))
    ok_colour = browser.find_element(By.ID, "note").value_of_css_property("color")
    assert error_colour != ok_colour, "an error is not shown in the green of success"
    browser.refresh()
    wait(browser, lambda: len(choice_buttons(browser)) == 3)
    assert not browser.find_element(By.ID, "join").is_displayed(), "the reload did not ask for the code again"
    assert browser.current_url.endswith(f"/?r={room.code}")
    wait(browser, lambda: "mine" in choice_buttons(browser)[0].get_attribute("class"))


def test_the_phone_switches_language_by_itself(browser, room_server):
    room, server = room_server
    browser.get(f"http://127.0.0.1:{server.port}/?r={room.code}")
    wait(browser, lambda: len(choice_buttons(browser)) == 3)
    assert text_of(browser, "status").startswith(ui("fac_page_question", "vi").replace("{n}", "1"))
    browser.find_element(By.CSS_SELECTOR, '#langs button[data-lang="en"]').click()
    wait(browser, lambda: browser.title == ui("fac_page_title", "en"))
    assert text_of(browser, "status").startswith(ui("fac_page_question", "en").replace("{n}", "1"))
    choice_buttons(browser)[2].click()
    wait(browser, lambda: note(browser) == ("ok", ui("fac_page_received", "en")))
    assert room.lang == "vi", "the phone's language is its own; the room's stays"
    browser.refresh()  # the pick is kept on the phone
    wait(browser, lambda: len(choice_buttons(browser)) == 3)
    assert browser.title == ui("fac_page_title", "en")
    browser.find_element(By.CSS_SELECTOR, '#langs button[data-lang="vi"]').click()
    wait(browser, lambda: browser.title == ui("fac_page_title", "vi"))


def test_a_vote_sent_while_the_server_is_away_is_retried_and_counted_once(browser, room_server):
    room, server = room_server
    port = server.port
    browser.get(f"http://127.0.0.1:{port}/?r={room.code}")
    wait(browser, lambda: len(choice_buttons(browser)) == 3)
    server.stop()  # the Wi-Fi drops, or the trainer's laptop is busy
    choice_buttons(browser)[1].click()
    wait(browser, lambda: note(browser) == ("info", ui("fac_page_retrying", "vi")))
    assert room.tally().phones == (0, 0, 0)
    again = VoteServer(room, "127.0.0.1", port).start()  # back: the page sends the same vote again
    try:
        wait(browser, lambda: note(browser) == ("ok", ui("fac_page_received", "vi")), timeout=30)
        assert room.tally().phones == (0, 1, 0)
        assert "mine" in choice_buttons(browser)[1].get_attribute("class")
    finally:
        again.stop()


def test_a_phone_in_its_own_language_shows_the_replies_in_it(browser):
    """A visitor's phone set to English shows the replies in English in a Vietnamese room; the vote is the same reply."""
    room = VoteRoom(code="Q4PZ", lang="vi")
    vi = ["“Dạ, em nghe.”", "Cúp máy rồi gọi 113.", "Hỏi tên và đơn vị."]
    en = ["“Yes, I'm listening.”", "Hang up, then call 113.", "Ask for a name and unit."]
    room.open_step("call", vi, choices_in={"vi": vi, "en": en})
    server = VoteServer(room, "127.0.0.1", 0).start()
    try:
        browser.get(f"http://127.0.0.1:{server.port}/?r={room.code}")
        script = "return Array.from(document.querySelectorAll('#choices button.choice .label'), e => e.textContent);"
        labels = lambda: browser.execute_script(script)  # noqa: E731 - one read of the page: buttons are rebuilt under it
        wait(browser, lambda: labels() == vi)
        browser.find_element(By.CSS_SELECTOR, '#langs button[data-lang="en"]').click()
        wait(browser, lambda: labels() == en)
        choice_buttons(browser)[1].click()
        wait(browser, lambda: room.tally().phones == (0, 1, 0))
        assert room.public_state()["choices"] == vi, "the room's own list stays in the room's language"
        room.open_step("next", vi[:2], choices_in={"vi": vi[:2], "en": en[:2]})  # the next question comes in the phone's language too
        wait(browser, lambda: labels() == en[:2])
    finally:
        browser.execute_script("window.localStorage.clear();")
        server.stop()
