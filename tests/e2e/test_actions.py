"""Selection and object actions in the real window, checked on the server with the aws CLI.

A user picks rows with Shift and Ctrl clicks and opens the row and empty-space menus; makes a
folder in the table (a bad name refused as typed); renames a file with an odd name and a folder
of a few hundred objects (every key moved, none left); moves a file and a folder into another
folder (making a folder inside the dialog on the way, and merging into a folder that is there)
and into another Space (merging again); and deletes 2 files and 1 folder there after reading
the confirmation, leaving that Space empty. Keys carry spaces, unicode and `+ % # ?`.
"""
from __future__ import annotations

import concurrent.futures

import pytest
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.remote.command import Command
from selenium.webdriver.support.ui import Select

from helpers import (
    click,
    context_click,
    double_click,
    fill_account_form,
    location_prefix,
    rendered_rows,
    tid,
    wait_css,
    wait_gone,
    wait_listing,
    wait_until,
)

ACCOUNT = "E2E Actions"
MAIN = "e2e-actions"
OTHER = "e2e-actions-other"
PICK = ["pick a.txt", "pick b.txt", "pick c.txt"]
ODD_FILE = "rename me ü + 100% #1?.txt"
ODD_RENAMED = "renamed ✓ + 5% #2?.txt"
BIG = "big folder/"
BIG_COUNT = 300
BIG_KEYS = [f"{BIG}f-{i:03d}.txt" for i in range(BIG_COUNT - 2)] + [f"{BIG}sub/deep one.txt", f"{BIG}sub/deep ü#?.txt"]
NEW_FOLDER = "new ü + 5% #?"
MOVE_FILE = "move me + 1%.txt"
TREE = ["tree/one.txt", "tree/sub/two ü.txt"]
DEST_TREE = "dest/tree/already there.txt"
TO_OTHER = ["to other 1.txt", "to other ü 2+#?.txt"]
SHARED = ["shared/new a.txt", "shared/deep/new b.txt"]
OTHER_SHARED = "shared/old.txt"


def put_all(c, bucket: str, keys: list[str]) -> None:
    with concurrent.futures.ThreadPoolExecutor(max_workers=16) as pool:
        list(pool.map(lambda k: c.put_object(Bucket=bucket, Key=k, Body=f"body of {k}".encode()), keys))


@pytest.fixture(scope="module")
def spaces(s3):
    c = s3.client()
    c.create_bucket(Bucket=MAIN)
    c.create_bucket(Bucket=OTHER)
    put_all(c, MAIN, PICK + [ODD_FILE, MOVE_FILE, DEST_TREE, *TREE, *TO_OTHER, *SHARED, *BIG_KEYS])
    c.put_object(Bucket=MAIN, Key="dest/", Body=b"")
    put_all(c, OTHER, [OTHER_SHARED])
    yield
    for b in (MAIN, OTHER):
        for page in c.get_paginator("list_objects_v2").paginate(Bucket=b):
            for o in page.get("Contents", []):
                c.delete_object(Bucket=b, Key=o["Key"])
        c.delete_bucket(Bucket=b)


@pytest.fixture(scope="module")
def profile(make_profile):
    return make_profile("actions")


def keys(s3, bucket: str, prefix: str = "") -> list[str]:
    out = s3.aws("s3api", "list-objects-v2", "--bucket", bucket, "--prefix", prefix) or {}
    return sorted(o["Key"] for o in out.get("Contents", []))


def body(s3, bucket: str, key: str) -> bytes:
    return s3.client().get_object(Bucket=bucket, Key=key)["Body"].read()


def inner_text(d, el) -> str:
    return d.execute_script("return arguments[0].innerText", el).strip()


def text_of(d, css: str) -> str:
    return inner_text(d, wait_css(d, css))


def selected(d) -> list[str]:
    return sorted(r["key"] for r in rendered_rows(d) if d.find_element(
        By.CSS_SELECTOR, tid("file-row", key=r["key"])).get_attribute("aria-selected") == "true")


def row(d, key: str):
    return wait_css(d, tid("file-row", key=key))


def chord(d, mod: str | None, act) -> None:
    """Run `act` on an action chain with the modifier key `mod` (if any) held down."""
    chain = ActionChains(d)
    if mod:
        chain = chain.key_down(mod)
    chain = act(chain)
    if mod:
        chain = chain.key_up(mod)
    chain.perform()
    d.execute(Command.W3C_CLEAR_ACTIONS)


def click_row(d, key: str, mod: str | None = None) -> None:
    el = row(d, key)
    chord(d, mod, lambda c: c.click(el))


def press(d, key: str, mod: str | None = None) -> None:
    chord(d, mod, lambda c: c.send_keys(key))


def menu_items(d) -> list[str]:
    wait_css(d, "[role=menu]")
    return [b.get_attribute("data-testid") for b in d.find_elements(By.CSS_SELECTOR, "[role=menu] [role=menuitem]")]


def close_menu(d) -> None:
    press(d, Keys.ESCAPE)
    wait_gone(d, "[role=menu]")


def fill(d, field, text: str) -> None:
    """Type `text` into a field. WebKitWebDriver under Xvfb sends shifted and non-ASCII
    characters as their unshifted keys ("+" arrives as "="), so such text is put in the field
    the way typing ends, with the input event the UI listens to."""
    field.send_keys(Keys.CONTROL, "a")
    field.send_keys(Keys.BACKSPACE)
    if text.isascii() and text.replace(" ", "").replace("/", "").replace(".", "").isalnum():
        field.send_keys(text)
    else:
        d.execute_script("arguments[0].value = arguments[1];"
                         "arguments[0].dispatchEvent(new Event('input', { bubbles: true }));", field, text)
    wait_until(d, lambda d: field.get_attribute("value") == text,
               f"the field holds {field.get_attribute('value')!r}, not {text!r}")


def type_name(d, text: str) -> None:
    fill(d, wait_css(d, tid("name-input")), text)


def wait_selected(d, key: str) -> None:
    wait_until(d, lambda d: d.find_elements(By.CSS_SELECTOR, tid("file-row", key=key))
               and row(d, key).get_attribute("aria-selected") == "true", f"{key} is not shown selected")


def open_space(d, bucket: str) -> None:
    click(d, tid("sidebar-space", space=bucket))
    wait_until(d, lambda d: location_prefix(d) == "" and inner_text(d, wait_css(d, tid("crumb", prefix=""))) == bucket,
               f"{bucket} did not open")
    wait_listing(d)


def dismiss_toast(d) -> str:
    text = text_of(d, tid("toast", kind="info"))
    click(d, tid("toast-dismiss"))
    wait_gone(d, tid("toast"))
    return text


def relocate_state(d) -> str:
    return wait_css(d, tid("relocate-state")).get_attribute("data-state")


@pytest.mark.incremental
class TestActions:
    def test_select_and_menus(self, profile, s3, spaces, shot):
        d = profile.launch()
        click(d, tid("welcome-add-account"))
        fill_account_form(d, name=ACCOUNT, endpoint=s3.endpoint, region="us-east-1",
                          access_key=s3.access_key, secret=s3.secret_key)
        click(d, tid("acc-save"))
        wait_gone(d, tid("account-form"))
        click(d, tid("toast-dismiss"))
        double_click(d, tid("space-row", space=MAIN))
        wait_until(d, lambda d: location_prefix(d) == "", "the Space did not open at its root")
        wait_listing(d)
        table = wait_css(d, tid("file-table"))
        assert table.get_attribute("aria-multiselectable") == "true"

        click_row(d, PICK[0])
        click_row(d, PICK[2], Keys.SHIFT)
        wait_until(d, lambda d: selected(d) == PICK, f"Shift+click selected {selected(d)}")
        click_row(d, PICK[1], Keys.CONTROL)
        wait_until(d, lambda d: selected(d) == [PICK[0], PICK[2]], f"Ctrl+click left {selected(d)}")
        click_row(d, "tree/", Keys.CONTROL)
        wait_until(d, lambda d: selected(d) == sorted([PICK[0], PICK[2], "tree/"]), f"selection {selected(d)}")

        # The row menu of a selection with a folder: move, copy, delete; no rename for three.
        context_click(d, row(d, PICK[0]))
        items = menu_items(d)
        assert {"action-move", "action-copy", "action-delete", "action-download"} <= set(items), items
        assert "action-rename" not in items and "action-newFolder" not in items, items
        assert selected(d) == sorted([PICK[0], PICK[2], "tree/"]), "a right-click inside the selection changed it"
        shot(d, "01-row-menu")
        close_menu(d)

        # Empty space: the folder's own menu; the selection goes.
        h = table.size["height"]
        ActionChains(d).move_to_element_with_offset(table, 0, h // 2 - 30).context_click().perform()
        d.execute(Command.W3C_CLEAR_ACTIONS)
        items = menu_items(d)
        assert items[:3] == ["action-newFolder", "action-uploadFiles", "action-uploadFolder"] and "action-refresh" in items, items
        assert not {"action-move", "action-delete", "action-rename"} & set(items), items
        assert selected(d) == []
        shot(d, "02-background-menu")
        close_menu(d)

        # Ctrl+A and Escape.
        click_row(d, PICK[0])
        press(d, "a", Keys.CONTROL)
        wait_until(d, lambda d: len(selected(d)) == len(rendered_rows(d)), "Ctrl+A did not select every row")
        press(d, Keys.ESCAPE)
        wait_until(d, lambda d: selected(d) == [], "Escape did not clear the selection")

    def test_new_folder_inline(self, profile, s3, spaces, shot):
        d = profile.driver
        click(d, tid("new-folder"))
        wait_css(d, tid("new-folder-row"))
        type_name(d, "bad/name")
        assert text_of(d, tid("name-error")) == 'A folder name cannot contain "/" (it separates folders).'
        shot(d, "01-bad-name")
        type_name(d, NEW_FOLDER)
        wait_gone(d, tid("name-error"))
        wait_css(d, tid("name-input")).send_keys(Keys.ENTER)
        wait_gone(d, tid("new-folder-row"))
        wait_selected(d, f"{NEW_FOLDER}/")
        assert f"{NEW_FOLDER}/" in keys(s3, MAIN, NEW_FOLDER)
        shot(d, "02-created")

    def test_rename_a_file_and_a_folder(self, profile, s3, spaces, shot):
        d = profile.driver
        click_row(d, ODD_FILE)
        press(d, Keys.F2)
        type_name(d, ODD_RENAMED)
        shot(d, "01-rename-field")
        wait_css(d, tid("name-input")).send_keys(Keys.ENTER)
        wait_selected(d, ODD_RENAMED)
        assert keys(s3, MAIN, ODD_FILE) == [] and keys(s3, MAIN, ODD_RENAMED) == [ODD_RENAMED]
        assert body(s3, MAIN, ODD_RENAMED) == f"body of {ODD_FILE}".encode()

        # A folder of 300 objects, from the row menu.
        context_click(d, row(d, BIG))
        menu_items(d)
        click(d, tid("action-rename"))
        type_name(d, "large folder")
        wait_css(d, tid("name-input")).send_keys(Keys.ENTER)
        # Past a second its progress shows in a dialog: catch it if it comes.
        saw = wait_until(d, lambda d: "dialog" if d.find_elements(By.CSS_SELECTOR, tid("op-dialog"))
                         else "done" if d.find_elements(By.CSS_SELECTOR, tid("file-row", key="large folder/")) else False,
                         "the folder rename neither showed progress nor finished", timeout=60)
        print(f"folder rename: {saw}")
        if saw == "dialog":
            shot(d, "02-rename-progress")
            wait_gone(d, tid("op-dialog"), timeout=120)
        wait_selected(d, "large folder/")
        assert keys(s3, MAIN, BIG) == []
        moved = keys(s3, MAIN, "large folder/")
        assert moved == sorted(k.replace(BIG, "large folder/", 1) for k in BIG_KEYS), len(moved)
        assert body(s3, MAIN, "large folder/sub/deep ü#?.txt") == f"body of {BIG}sub/deep ü#?.txt".encode()
        shot(d, "03-renamed")

    def test_move_into_a_folder_with_merge(self, profile, s3, spaces, shot):
        d = profile.driver
        click_row(d, MOVE_FILE)
        click_row(d, "tree/", Keys.CONTROL)
        click(d, tid("actions-menu"))
        menu_items(d)
        shot(d, "01-toolbar-menu")
        click(d, tid("action-move"))
        wait_css(d, tid("relocate-dialog"))
        wait_until(d, lambda d: d.find_elements(By.CSS_SELECTOR, tid("relocate-folder", key="dest/")), "dest/ is not offered")
        assert text_of(d, tid("relocate-problem")) == "They are already in this folder. Choose another one."
        assert not wait_css(d, tid("relocate-ok")).is_enabled()
        assert not wait_css(d, tid("relocate-folder", key="tree/")).is_enabled(), "a moved folder is offered as its own target"
        shot(d, "02-dialog")
        click(d, tid("relocate-folder", key="dest/"))
        wait_until(d, lambda d: text_of(d, tid("relocate-dest")) == f"{MAIN}/dest/", "the dialog did not open dest/")

        # A folder made inside the dialog is entered; back to dest/ by its crumb.
        click(d, tid("relocate-new-folder"))
        fill(d, wait_css(d, tid("relocate-new-name")), "inner ✓")
        click(d, tid("relocate-new-ok"))
        wait_until(d, lambda d: text_of(d, tid("relocate-dest")) == f"{MAIN}/dest/inner ✓/", "the new folder was not entered")
        assert keys(s3, MAIN, "dest/inner") == ["dest/inner ✓/"]
        click(d, tid("relocate-crumb", prefix="dest/"))
        wait_until(d, lambda d: text_of(d, tid("relocate-dest")) == f"{MAIN}/dest/", "the crumb did not go back")
        wait_css(d, tid("relocate-folder", key="dest/tree/"))

        click(d, tid("relocate-ok"))
        assert text_of(d, tid("relocate-merge")) == "A folder named “tree” is already in “dest”. Merge?"
        shot(d, "03-merge")
        click(d, tid("relocate-merge-ok"))
        wait_gone(d, tid("relocate-dialog"), timeout=60)
        assert dismiss_toast(d) == "Moved 1 file and 1 folder to “dest”."
        assert keys(s3, MAIN, "tree/") == [] and keys(s3, MAIN, MOVE_FILE) == []
        assert keys(s3, MAIN, "dest/") == sorted(["dest/", f"dest/{MOVE_FILE}", DEST_TREE, "dest/inner ✓/",
                                                  "dest/tree/one.txt", "dest/tree/sub/two ü.txt"])
        wait_listing(d)
        wait_gone(d, tid("file-row", key="tree/"))

    def test_move_to_another_space(self, profile, s3, spaces, shot):
        d = profile.driver
        click_row(d, TO_OTHER[0])
        click_row(d, TO_OTHER[1], Keys.CONTROL)
        click_row(d, "shared/", Keys.CONTROL)
        context_click(d, row(d, "shared/"))
        menu_items(d)
        click(d, tid("action-move"))
        wait_css(d, tid("relocate-dialog"))
        space = wait_css(d, tid("relocate-space"))
        wait_until(d, lambda d: len(space.find_elements(By.TAG_NAME, "option")) >= 2, "the other Space is not offered")
        Select(space).select_by_value(OTHER)
        wait_until(d, lambda d: text_of(d, tid("relocate-dest")) == f"{OTHER}/", "the other Space did not open")
        wait_css(d, tid("relocate-folder", key="shared/"))
        shot(d, "01-other-space")
        click(d, tid("relocate-ok"))
        assert text_of(d, tid("relocate-merge")) == f"A folder named “shared” is already in “{OTHER}”. Merge?"
        click(d, tid("relocate-merge-ok"))
        wait_gone(d, tid("relocate-dialog"), timeout=60)
        assert dismiss_toast(d) == f"Moved 2 files and 1 folder to “{OTHER}”."
        assert keys(s3, MAIN, "to other") == [] and keys(s3, MAIN, "shared/") == []
        assert keys(s3, OTHER) == sorted([*TO_OTHER, *SHARED, OTHER_SHARED])
        assert body(s3, OTHER, TO_OTHER[1]) == f"body of {TO_OTHER[1]}".encode()

    def test_delete_two_files_and_a_folder(self, profile, s3, spaces, shot):
        d = profile.driver
        open_space(d, OTHER)
        wait_listing(d, count=3)
        click_row(d, TO_OTHER[0])
        press(d, "a", Keys.CONTROL)
        wait_until(d, lambda d: len(selected(d)) == 3, "Ctrl+A did not select the three rows")
        press(d, Keys.DELETE)
        wait_css(d, tid("delete-dialog"))
        question = text_of(d, tid("delete-question"))
        assert question == "Delete 2 files and 1 folder? 5 objects in all will be deleted. This cannot be undone.", question
        shot(d, "01-confirm")
        click(d, tid("delete-ok"))
        wait_gone(d, tid("delete-dialog"), timeout=60)
        assert dismiss_toast(d) == "Deleted 2 files and 1 folder."
        assert keys(s3, OTHER) == []
        wait_css(d, tid("empty-folder"))
        shot(d, "02-empty")
