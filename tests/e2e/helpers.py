"""Waits and small queries for the e2e tests (explicit waits only, never fixed sleeps)."""
from __future__ import annotations

import os
import subprocess
from typing import Any, Callable

from selenium.common.exceptions import StaleElementReferenceException
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.remote.webelement import WebElement
from selenium.webdriver.support.ui import Select, WebDriverWait

# Long enough for a slow, shared 2-core machine; every wait returns as soon as it is met.
TIMEOUT = float(os.environ.get("SPACEPORT_E2E_TIMEOUT", "20"))


def wait_until(driver: WebDriver, condition: Callable[[WebDriver], Any], message: str,
               timeout: float = TIMEOUT) -> Any:
    """Poll `condition(driver)` until it returns something truthy; return that."""
    return WebDriverWait(driver, timeout, poll_frequency=0.1,
                         ignored_exceptions=(StaleElementReferenceException,)).until(condition, message)


def wait_css(driver: WebDriver, css: str, timeout: float = TIMEOUT) -> WebElement:
    """The first element matching `css` once it is displayed."""

    def shown(d: WebDriver) -> WebElement | bool:
        for el in d.find_elements(By.CSS_SELECTOR, css):
            if el.is_displayed():
                return el
        return False

    return wait_until(driver, shown, f"no visible element matches {css}", timeout)


def wait_gone(driver: WebDriver, css: str, timeout: float = TIMEOUT) -> None:
    wait_until(driver, lambda d: not d.find_elements(By.CSS_SELECTOR, css), f"{css} is still there", timeout)


def tid(name: str, **data: str) -> str:
    """CSS for [data-testid=name][data-k="v"]...; values are quoted for CSS."""
    css = f'[data-testid="{name}"]'
    for k, v in data.items():
        css += f'[data-{k.replace("_", "-")}="{css_string(v)}"]'
    return css


def css_string(value: str) -> str:
    return value.replace("\\", "\\\\").replace('"', '\\"')


def status_bar(driver: WebDriver) -> dict[str, str]:
    return driver.execute_script(
        "const s = document.querySelector('[data-testid=status-bar]');"
        "return s ? Object.assign({}, s.dataset) : null;"
    )


def wait_listing(driver: WebDriver, count: int | None = None, timeout: float = TIMEOUT) -> dict[str, str]:
    """Wait until the folder listing has finished (and shows `count` rows, if given)."""

    def done(d: WebDriver) -> dict[str, str] | bool:
        s = status_bar(d)
        if not s or s.get("loading") != "false":
            return False
        if count is not None and int(s["count"]) != count:
            return False
        return s

    return wait_until(driver, done, f"the listing did not finish with {count} rows "
                                    f"(status bar: {status_bar(driver)})", timeout)


def rendered_rows(driver: WebDriver) -> list[dict[str, Any]]:
    """The file rows now in the DOM, in table order: key, kind, index, shown name."""
    return driver.execute_script(
        """
        return Array.from(document.querySelectorAll('[data-testid=file-row]')).map(r => ({
          key: r.dataset.key,
          kind: r.dataset.kind,
          index: Number(r.getAttribute('aria-rowindex')) - 2,
          name: r.querySelector('.cell.name .text').textContent,
          title: r.querySelector('.cell.name .text').getAttribute('title'),
        })).sort((a, b) => a.index - b.index);
        """
    )


def location_prefix(driver: WebDriver) -> str | None:
    """The prefix of the current folder, read from the breadcrumb marked as current."""
    return driver.execute_script(
        "const c = document.querySelector('[data-testid=crumb][aria-current=location]');"
        "return c ? c.dataset.prefix : null;"
    )


def click(driver: WebDriver, css: str, timeout: float = TIMEOUT) -> WebElement:
    """Wait for a visible, enabled element and click it as a user would."""

    def ready(d: WebDriver) -> WebElement | bool:
        for el in d.find_elements(By.CSS_SELECTOR, css):
            if el.is_displayed() and el.is_enabled():
                return el
        return False

    el = wait_until(driver, ready, f"nothing clickable matches {css}", timeout)
    el.click()
    return el


def double_click(driver: WebDriver, css: str, timeout: float = TIMEOUT) -> WebElement:
    el = wait_css(driver, css, timeout)
    ActionChains(driver).double_click(el).perform()
    return el


def type_into(driver: WebDriver, css: str, text: str) -> WebElement:
    """Replace a field's text by typing, so the UI sees real input events."""
    el = wait_css(driver, css)
    el.clear()
    el.send_keys(text)
    return el


def fill_account_form(driver: WebDriver, *, name: str, endpoint: str, region: str,
                      access_key: str, secret: str) -> None:
    """Fill the open account dialog for an "Other S3-compatible" server, path-style on."""
    wait_css(driver, tid("account-form"))
    type_into(driver, tid("acc-name"), name)
    Select(wait_css(driver, tid("acc-provider"))).select_by_visible_text("Other S3-compatible")
    # The S3-compatible fields replace the region picker once the provider changes.
    wait_css(driver, tid("acc-endpoint"))
    assert not driver.find_elements(By.CSS_SELECTOR, tid("acc-region")), "DO region picker still shown"
    type_into(driver, tid("acc-endpoint"), endpoint)
    type_into(driver, tid("acc-custom-region"), region)
    path_style = wait_css(driver, tid("acc-path-style"))
    if not path_style.is_selected():
        path_style.click()
    assert path_style.is_selected(), "path-style addressing should be on"
    type_into(driver, tid("acc-access-key"), access_key)
    type_into(driver, tid("acc-secret"), secret)


def connection_result(driver: WebDriver, timeout: float = TIMEOUT) -> WebElement:
    """Wait for "Test connection" to finish; the result element (state ok or error)."""
    css = tid("acc-test-result")

    def finished(d: WebDriver) -> WebElement | bool:
        for el in d.find_elements(By.CSS_SELECTOR, css):
            if el.get_attribute("data-state") in ("ok", "error"):
                return el
        return False

    return wait_until(driver, finished, "Test connection did not finish", timeout)



def secret_tool_lookup(account_id: str) -> str | None:
    """The keychain's secret for an account (as the keyring crate stores it), or None."""
    out = subprocess.run(["secret-tool", "lookup", "service", "Spaceport", "username", account_id],
                         capture_output=True, text=True, timeout=30)
    return out.stdout if out.returncode == 0 and out.stdout else None


def wait_animations(driver: WebDriver, timeout: float = TIMEOUT) -> None:
    """Wait until no finite CSS animation or transition runs (dialogs rise, toasts slide);
    endless ones, like spinners, do not count."""
    wait_until(
        driver,
        lambda d: d.execute_script(
            "return document.getAnimations().every(a => a.playState !== 'running'"
            " || a.effect?.getTiming().iterations === Infinity);"
        ),
        "animations never settled",
        timeout,
    )


def inner_text(driver: WebDriver, el: WebElement) -> str:
    """An element's text as shown (el.text is empty under the app's user-select: none)."""
    return driver.execute_script("return arguments[0].innerText", el).strip()


def add_account_and_open_space(driver: WebDriver, *, name: str, endpoint: str, access_key: str,
                               secret: str, space: str) -> None:
    """From the Welcome screen: add an S3-compatible account, dismiss its note, open `space`."""
    click(driver, tid("welcome-add-account"))
    fill_account_form(driver, name=name, endpoint=endpoint, region="us-east-1",
                      access_key=access_key, secret=secret)
    click(driver, tid("acc-save"))
    wait_gone(driver, tid("account-form"))
    click(driver, tid("toast-dismiss"))
    double_click(driver, tid("space-row", space=space))
    wait_until(driver, lambda d: location_prefix(d) == "", f"{space} did not open at its root")
    wait_listing(driver)


def select_row(driver: WebDriver, key: str, add: bool = False) -> None:
    """Click a row (with Ctrl when `add`: join the selection) and wait until it is selected."""
    row = wait_css(driver, tid("file-row", key=key))
    if add:
        ActionChains(driver).key_down(Keys.CONTROL).click(row).key_up(Keys.CONTROL).perform()
    else:
        row.click()
    wait_until(driver, lambda d: d.find_element(By.CSS_SELECTOR, tid("file-row", key=key))
               .get_attribute("aria-selected") == "true", f"{key} was not selected")


def context_click(driver: WebDriver, el: WebElement) -> None:
    """Open an element's context menu. A real right-click (a W3C pointer action with button 2)
    leaves WebKitWebDriver typing Shift and non-ASCII characters wrong for the rest of the
    session ("+" arrives as "=", "ç" not at all), so the contextmenu event that right-click
    fires is dispatched at the element's centre instead; the app's handler is the same."""
    driver.execute_script(
        "const el = arguments[0], r = el.getBoundingClientRect();"
        "el.dispatchEvent(new MouseEvent('contextmenu', {bubbles: true, cancelable: true, button: 2,"
        " clientX: r.left + r.width / 2, clientY: r.top + r.height / 2}));",
        el,
    )


def remove_bucket(client: Any, bucket: str) -> None:
    """Delete every object of a test's Space, then the Space (other modules count Spaces)."""
    for page in client.get_paginator("list_objects_v2").paginate(Bucket=bucket):
        for o in page.get("Contents", []):
            client.delete_object(Bucket=bucket, Key=o["Key"])
    client.delete_bucket(Bucket=bucket)
