#!/usr/bin/env python3
"""The web UI of `swiftbyte server`, driven in headless Chromium through Selenium.

Starts the real `swiftbyte server` binary in a temporary folder and uses one
browser for every step, the way a person would: set up a faker source and the
DuckDB destination through the forms generated from their specs, connect them,
sync, watch the job succeed with its record count, read its log, set a cron
schedule and see its next runs, add a source that fails and see why, send a
test webhook. Every name typed is an XSS probe that must come back as text.
Screenshots of each page go to --screenshots.

Prints one line per step and closes with "N passed, M failed"; exits non-zero
when a step failed.
"""
import argparse
import http.server
import json
import os
import socket
import stat
import subprocess
import sys
import tempfile
import threading
import time
import traceback
import urllib.request

os.environ.setdefault("SE_OFFLINE", "true")  # Selenium must not try to download a browser or a driver.
from selenium import webdriver  # noqa: E402
from selenium.common.exceptions import NoSuchElementException, StaleElementReferenceException, WebDriverException  # noqa: E402
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.common.keys import Keys  # noqa: E402
from selenium.webdriver.support.ui import Select, WebDriverWait  # noqa: E402

PROBES = {
    "source": '<script>window.__xss="source"</script>faker',
    "destination": '"><img src=x onerror="window.__xss=\'destination\'">warehouse',
    "connection": "<svg onload=window.__xss='connection'>orders",
    "failing": "<b onmouseover=alert(1)>flaky</b> API",
}

FAILING_CONNECTOR = r'''#!/usr/bin/env python3
import json, sys

def emit(message):
    sys.stdout.write(json.dumps(message) + "\n")
    sys.stdout.flush()

SPEC = {"connectionSpecification": {"type": "object", "required": ["api_key"], "properties": {
    "api_key": {"type": "string", "title": "API key", "airbyte_secret": True, "order": 0},
    "region": {"type": "string", "title": "Region", "enum": ["eu", "us"], "default": "eu", "order": 1}}}}
STREAM = {"name": "orders", "json_schema": {"type": "object", "properties": {"id": {"type": "integer"}}},
          "supported_sync_modes": ["full_refresh"], "source_defined_primary_key": [["id"]]}
command = sys.argv[1]
if command == "spec":
    emit({"type": "SPEC", "spec": SPEC})
elif command == "check":
    config = json.load(open(sys.argv[sys.argv.index("--config") + 1]))
    if config.get("api_key") == "sk-live-123456":
        emit({"type": "CONNECTION_STATUS", "connectionStatus": {"status": "SUCCEEDED"}})
    else:
        emit({"type": "CONNECTION_STATUS", "connectionStatus": {"status": "FAILED", "message": "the orders API refused the key"}})
elif command == "discover":
    emit({"type": "CATALOG", "catalog": {"streams": [STREAM]}})
else:
    emit({"type": "LOG", "log": {"level": "INFO", "message": "calling the orders API"}})
    emit({"type": "TRACE", "trace": {"type": "ERROR", "emitted_at": 1700000000000.0, "error": {
        "message": "the orders API refused the key (HTTP 401)", "failure_type": "config_error"}}})
    sys.exit(1)
'''


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class WebhookReceiver(http.server.BaseHTTPRequestHandler):
    received = []

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        WebhookReceiver.received.append(json.loads(body or b"{}"))
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b"ok")

    def log_message(self, *args):
        pass


class Suite:
    def __init__(self, args):
        self.args = args
        self.folder = tempfile.mkdtemp(prefix="swiftbyte-ui-browser-")
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.results = []
        self.state = {}

    # -- the server and the browser ------------------------------------------------------
    def start_server(self):
        log = open(os.path.join(self.folder, "server.log"), "w")
        environment = dict(os.environ)
        environment.pop("SWIFTBYTE_SECRET_KEY", None)
        self.server = subprocess.Popen(
            [self.args.swiftbyte, "server", "--port", str(self.port), "--folder", os.path.join(self.folder, ".swiftbyte"),
             "--workers", "2"],
            cwd=self.folder, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, env=environment)
        deadline = time.time() + 60
        while time.time() < deadline:
            try:
                with urllib.request.urlopen(self.base + "/api/public/v1/health", timeout=2) as response:
                    if response.status == 200:
                        return
            except OSError:
                time.sleep(0.2)
            if self.server.poll() is not None:
                break
        raise RuntimeError("swiftbyte server did not become healthy; see " + log.name)

    def start_browser(self):
        options = webdriver.ChromeOptions()
        options.binary_location = self.args.chromium
        for argument in ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                         "--window-size=1280,900", "--force-device-scale-factor=1", "--lang=en-US"]:
            options.add_argument(argument)
        self.driver = webdriver.Chrome(service=Service(self.args.chromedriver), options=options)
        self.driver.set_page_load_timeout(600)
        # A click on a link waits for the page, and a connector's form page waits for its spec
        # (an install the first time). Selenium's own HTTP client gives up after 120 s by
        # default, before the page-load timeout above could apply; CI under load took 125 s.
        self.driver.command_executor.client_config.timeout = 660

    def stop(self):
        try:
            self.driver.quit()
        except Exception:
            pass
        if getattr(self, "server", None):
            self.server.terminate()
            try:
                self.server.wait(30)
            except subprocess.TimeoutExpired:
                self.server.kill()

    # -- helpers ----------------------------------------------------------------------------
    def open(self, path):
        self.driver.get(self.base + path)
        self.check_page()

    def wait(self, condition, timeout=60, message=""):
        # A page being replaced while the condition reads it is read again. Chrome reports some
        # of those races as a plain WebDriverException ("Node with given id does not belong to
        # the document") rather than a stale element; those are read again too, anything else fails.
        def reading_again_if_replaced(driver):
            try:
                return condition(driver)
            except WebDriverException as error:
                if isinstance(error, (StaleElementReferenceException, NoSuchElementException)) \
                        or "does not belong to the document" in (error.msg or ""):
                    return False
                raise
        return WebDriverWait(self.driver, timeout, poll_frequency=0.2).until(reading_again_if_replaced, message)

    def css(self, selector):
        return self.driver.find_element(By.CSS_SELECTOR, selector)

    def text(self):
        return self.driver.find_element(By.TAG_NAME, "body").text

    def check_page(self):
        """No probe became markup: nothing ran, no element came from a name."""
        driver = self.driver
        assert driver.execute_script("return window.__xss === undefined"), "an XSS probe ran"
        assert not driver.find_elements(By.CSS_SELECTOR, "img[src='x'], svg[onload], b[onmouseover]"), "a probe became an element"
        for script in driver.find_elements(By.TAG_NAME, "script"):
            assert "__xss" not in (script.get_attribute("innerHTML") or ""), "a probe became a script"

    def screenshot(self, name):
        """The whole page, at the browser's width."""
        if not self.args.screenshots:
            return
        os.makedirs(self.args.screenshots, exist_ok=True)
        self.driver.execute_script("window.scrollTo(0, 0)")
        height = self.driver.execute_script("return Math.max(document.body.scrollHeight, 600)")
        self.driver.set_window_size(1280, min(int(height) + 40, 2600))
        time.sleep(0.2)
        self.driver.save_screenshot(os.path.join(self.args.screenshots, name + ".png"))
        self.driver.set_window_size(1280, 900)

    def submit(self, selector="button.primary"):
        self.css(selector).click()

    def set_field(self, name, value):
        field = self.driver.find_element(By.NAME, name)
        field.clear()
        field.send_keys(value)

    # -- the steps ----------------------------------------------------------------------------
    def step_empty_home_and_keyboard(self):
        self.open("/")
        assert "No connections yet" in self.text()
        body = self.css("body")
        body.send_keys(Keys.TAB)
        focused = self.driver.switch_to.active_element
        assert focused.get_attribute("class") == "skip-link", "the first Tab reaches the skip link"
        focused.send_keys(Keys.ENTER)
        assert self.driver.execute_script("return document.activeElement.id") == "main", "the skip link moves focus to the content"

    def step_faker_source_through_its_form(self):
        self.open("/sources/new")
        search = self.css("#connector-search")
        search.send_keys("faker")
        self.wait(lambda d: self.css("#connector-count").text == "1 connector", message="the list filters as one types")
        self.screenshot("new-source-picker")
        self.css("a[href='/sources/new/faker']").click()
        self.wait(lambda d: d.find_elements(By.NAME, "c/count"), timeout=600, message="faker's form, from its spec")
        self.check_page()
        count = self.driver.find_element(By.NAME, "c/count")
        assert count.get_attribute("type") == "number" and count.get_attribute("value") == "1000", "a typed field with its default"
        assert self.driver.find_element(By.XPATH, "//label[@for='%s']" % count.get_attribute("id")).text.startswith("Count")
        # The browser checks bounds before anything is sent.
        self.set_field("c/count", "0")
        self.set_field("name", PROBES["source"])
        self.submit()
        assert self.driver.execute_script("return !document.getElementsByName('c/count')[0].checkValidity()"), \
            "minimum 1 is checked in the browser"
        assert "/sources/new/faker" in self.driver.current_url
        self.set_field("c/count", "120")
        self.css("[data-check]").click()
        self.wait(lambda d: d.find_elements(By.ID, "check-result"), timeout=300, message="the check's answer")
        assert "Connection test succeeded" in self.css("#check-result").text, self.css("#check-result").text
        self.screenshot("new-source-form")
        self.submit()
        self.wait(lambda d: "Set up the source" in self.text(), timeout=120)
        self.check_page()
        assert PROBES["source"] in self.css("h1").text, "the probe is shown as text"
        self.state["source_url"] = self.driver.current_url

    def step_server_checks_the_form_again(self):
        # A form post that skips the browser's checks is refused by the server, field by field.
        self.driver.get(self.state["source_url"])
        self.driver.execute_script("document.querySelector('form[data-spec-form]').noValidate = true")
        self.set_field("c/count", "0")
        self.submit()
        self.wait(lambda d: d.find_elements(By.ID, "form-problems"))
        problems = self.css("#form-problems").text
        assert "Count" in problems and "1" in problems, problems
        count = self.driver.find_element(By.NAME, "c/count")
        assert count.get_attribute("aria-invalid") == "true"

    def step_duckdb_destination(self):
        self.open("/destinations/new")
        self.css("a[href='/destinations/new/duckdb']").click()
        self.wait(lambda d: d.find_elements(By.NAME, "c/destination_path"), timeout=120)
        self.set_field("name", PROBES["destination"])
        self.set_field("c/destination_path", os.path.join(self.folder, "warehouse.duckdb"))
        self.submit()
        self.wait(lambda d: "Set up the destination" in self.text(), timeout=120)
        self.state["destination_url"] = self.driver.current_url
        self.check_page()
        assert PROBES["destination"] in self.css("h1").text

    def step_connection_with_default_modes_then_sync(self):
        self.open("/connections/new")
        Select(self.css("#new-source")).select_by_visible_text(PROBES["source"])
        Select(self.css("#new-destination")).select_by_visible_text(PROBES["destination"])
        self.submit()
        self.wait(lambda d: d.find_elements(By.ID, "streams"), timeout=600, message="the discovered streams")
        self.check_page()
        rows = {row.find_element(By.TAG_NAME, "th").text: row for row in self.driver.find_elements(By.CSS_SELECTOR, "#streams tbody tr")}
        assert {"users", "products", "purchases"} <= set(rows), rows.keys()
        users_mode = Select(rows["users"].find_element(By.TAG_NAME, "select")).first_selected_option.text
        assert users_mode == "Incremental | Append + Deduped", users_mode
        self.set_field("name", PROBES["connection"])
        self.screenshot("new-connection")
        self.submit()
        self.wait(lambda d: "/jobs/" in d.current_url, timeout=120)
        self.state["job_url"] = self.driver.current_url
        self.wait(lambda d: "Succeeded" in self.css("#job-status").text, timeout=600, message="the sync succeeds")
        self.check_page()
        records = int(self.css("#job-records").text.replace(",", ""))
        assert records >= 120, records
        self.state["records"] = records

    def step_job_log(self):
        self.driver.get(self.state["job_url"])
        log = self.css("#log-text").text
        assert "source-faker" in log or "users" in log, log[:500]
        download = self.driver.find_element(By.LINK_TEXT, "Download the log").get_attribute("href")
        with urllib.request.urlopen(download) as response:
            assert response.status == 200 and response.read(), "the log downloads"
        self.screenshot("job")

    def step_cron_schedule_preview_and_save(self):
        self.driver.find_element(By.LINK_TEXT, PROBES["connection"]).click()
        self.wait(lambda d: d.find_elements(By.ID, "schedule-cron"))
        self.check_page()
        assert str(self.state["records"]) in self.text().replace(",", ""), "the job's records in the history"
        self.css("#schedule-cron").click()
        expression = self.css("#schedule-expression")
        expression.clear()
        expression.send_keys("0 2 * * 1-5")
        self.wait(lambda d: "weekdays at 02:00 UTC" in self.css("#schedule-preview").text, message="the live preview")
        runs = self.driver.find_elements(By.CSS_SELECTOR, "#schedule-preview [data-preview-runs] li")
        assert len(runs) == 5, [run.text for run in runs]
        expression.clear()
        expression.send_keys("61 2 * * 1-5")
        # Each keystroke re-renders the preview (a partial expression has errors
        # of its own), so the error is read inside the wait: the element found
        # a moment earlier may already have been replaced.
        def minute_error(driver):
            texts = [element.text for element in driver.find_elements(By.CSS_SELECTOR, "[data-preview-error]")]
            return next((text for text in texts if "minute" in text and "61" in text), None)

        self.wait(minute_error, message="the minute field's error for 61")
        self.wait(lambda d: expression.get_attribute("aria-invalid") == "true", message="the field marked invalid")
        expression.clear()
        expression.send_keys("0 2 * * 1-5")
        self.wait(lambda d: "weekdays at 02:00 UTC" in self.css("#schedule-preview").text)
        self.css("form[data-schedule-form] button.primary").click()
        self.wait(lambda d: "Saved the schedule: weekdays at 02:00 UTC." in self.text())
        assert len(self.driver.find_elements(By.CSS_SELECTOR, "#next-runs li")) == 5
        self.state["connection_url"] = self.driver.current_url.split("#")[0]
        self.open("/")
        assert "weekdays at 02:00 UTC" in self.text()

    def step_failing_source_shows_why(self):
        script = os.path.join(self.folder, "source-flaky")
        with open(script, "w") as file:
            file.write(FAILING_CONNECTOR)
        os.chmod(script, os.stat(script).st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
        self.open("/connectors/new/source")
        self.set_field("display_name", "Flaky API")
        self.set_field("type", "flaky")
        self.set_field("location", script)
        self.submit()
        self.wait(lambda d: d.find_elements(By.NAME, "c/api_key"), timeout=120)
        key = self.driver.find_element(By.NAME, "c/api_key")
        assert key.get_attribute("type") == "password"
        self.set_field("name", PROBES["failing"])
        key.send_keys("sk-live-123456")
        self.submit()
        self.wait(lambda d: "Set up the source" in self.text())
        self.state["flaky_url"] = self.driver.current_url
        # The secret is never sent back to the browser.
        assert "sk-live-123456" not in self.driver.page_source
        key = self.driver.find_element(By.NAME, "c/api_key")
        assert key.get_attribute("value") == "" and "Stored" in (key.get_attribute("placeholder") or "")
        self.open("/connections/new")
        Select(self.css("#new-source")).select_by_visible_text(PROBES["failing"])
        Select(self.css("#new-destination")).select_by_visible_text(PROBES["destination"])
        self.submit()
        self.wait(lambda d: d.find_elements(By.ID, "streams"), timeout=120)
        self.submit()
        self.wait(lambda d: "/jobs/" in d.current_url, timeout=60)
        self.wait(lambda d: "Failed" in self.css("#job-status").text, timeout=300, message="the job fails")
        self.check_page()
        text = self.text()
        assert "Failed in the source" in text and "the orders API refused the key (HTTP 401)" in text, text[:2000]
        assert "sk-live-123456" not in self.driver.page_source
        self.screenshot("failed-job")

    def step_editing_keeps_the_stored_secret(self):
        self.driver.get(self.state["flaky_url"])
        key = self.driver.find_element(By.NAME, "c/api_key")
        assert key.get_attribute("value") == "" and key.get_attribute("required") is None, "a stored secret need not be typed again"
        self.set_field("name", "Orders API")
        Select(self.driver.find_element(By.NAME, "c/region")).select_by_visible_text("us")
        self.submit()
        self.wait(lambda d: "Saved Orders API." in self.text())
        assert Select(self.driver.find_element(By.NAME, "c/region")).first_selected_option.text == "us"
        # The check runs with the stored key: it was kept, though the form never showed it.
        self.css("[data-check]").click()
        self.wait(lambda d: d.find_elements(By.ID, "check-result"), timeout=120)
        assert "Connection test succeeded" in self.css("#check-result").text, self.css("#check-result").text
        # A wrong key typed in is used, and refused.
        self.driver.find_element(By.NAME, "c/api_key").send_keys("sk-wrong")
        self.css("[data-check]").click()
        self.wait(lambda d: "refused" in self.css("#check-result").text, timeout=120)
        assert "Connection test failed" in self.css("#check-result").text
        self.driver.get(self.state["flaky_url"])
        self.screenshot("source-edit")

    def step_settings_send_test_webhook(self):
        port = free_port()
        server = http.server.ThreadingHTTPServer(("127.0.0.1", port), WebhookReceiver)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        try:
            self.open("/settings")
            self.set_field("webhook_url", f"http://127.0.0.1:{port}/hooks/swiftbyte")
            self.set_field("failure_threshold", "5")
            self.driver.find_element(By.XPATH, "//button[text()='Send a test']").click()
            self.wait(lambda d: d.find_elements(By.ID, "webhook-test-result"), timeout=60)
            assert "Webhook test sent" in self.css("#webhook-test-result").text, self.css("#webhook-test-result").text
            assert WebhookReceiver.received and WebhookReceiver.received[-1].get("event") == "test"
            self.submit()
            self.wait(lambda d: "Saved the notification settings." in self.text())
            assert self.driver.find_element(By.NAME, "failure_threshold").get_attribute("value") == "5"
            self.screenshot("settings")
        finally:
            server.shutdown()

    def step_lists_show_names_as_text(self):
        for path, probe in [("/sources", PROBES["source"]), ("/destinations", PROBES["destination"]), ("/", PROBES["connection"])]:
            self.open(path)
            assert probe in self.text(), (path, probe)

    def step_renamed_pages_for_the_screenshots(self):
        self.driver.get(self.state["connection_url"])
        self.set_field("name", "orders")
        self.css("#settings button.primary").click()
        self.wait(lambda d: "Saved the settings." in self.text())
        for path, name in [(self.state["source_url"], "faker"), (self.state["destination_url"], "warehouse")]:
            self.driver.get(path)
            self.set_field("name", name)
            self.submit()
            self.wait(lambda d: f"Saved {name}." in self.text())
        self.open("/")
        self.screenshot("connections")
        self.driver.get(self.state["connection_url"])
        self.screenshot("connection")
        self.open("/sources")
        self.screenshot("sources")

    def run(self):
        steps = [name for name in dir(self) if name.startswith("step_")]
        order = ["step_empty_home_and_keyboard", "step_faker_source_through_its_form", "step_server_checks_the_form_again",
                 "step_duckdb_destination", "step_connection_with_default_modes_then_sync", "step_job_log",
                 "step_cron_schedule_preview_and_save", "step_failing_source_shows_why",
                 "step_editing_keeps_the_stored_secret", "step_settings_send_test_webhook", "step_lists_show_names_as_text",
                 "step_renamed_pages_for_the_screenshots"]
        assert sorted(order) == sorted(steps)
        self.start_server()
        self.start_browser()
        failed = 0
        passed = 0
        try:
            for name in order:
                started = time.time()
                try:
                    getattr(self, name)()
                    passed += 1
                    print(f"PASS {name} ({time.time() - started:.1f} s)", flush=True)
                except Exception as error:
                    failed += 1
                    print(f"FAIL {name} ({time.time() - started:.1f} s): {error!r}", flush=True)
                    traceback.print_exc(limit=3)
                    try:
                        self.driver.save_screenshot(os.path.join(self.folder, f"failure-{name}.png"))
                        print(f"  at {self.driver.current_url}; screenshot and server log in {self.folder}", flush=True)
                    except Exception:
                        pass
                    break
        finally:
            self.stop()
        skipped = len(order) - passed - failed
        print(f"{passed} passed, {failed} failed" + (f", {skipped} skipped" if skipped else ""), flush=True)
        return failed == 0


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--swiftbyte", required=True, help="the built swiftbyte executable")
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    parser.add_argument("--chromedriver", default="/usr/bin/chromedriver")
    parser.add_argument("--screenshots", help="a folder for a screenshot of each page")
    args = parser.parse_args()
    args.swiftbyte = os.path.abspath(args.swiftbyte)
    sys.exit(0 if Suite(args).run() else 1)


if __name__ == "__main__":
    main()
