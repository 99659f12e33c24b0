#!/usr/bin/python3
"""Accessibility walk: drives a running Accord through the AT-SPI tree, as a screen
reader user would, and checks that every input is named by its visible label.

Steps: in the main window, open Tools > Client Area Preview, check the sign-in window,
sign in as --email with --password and open Your Profile, check it, close the window;
focus the Clients list and press Enter (falling back to Records > Open Selected); in the
client's profile window check the Profile tab, switch to the Users tab, check it, press
Manage User; check the Manage User dialog.

Exit status: 0 all inputs named; 1 an input is unnamed or its name is not its label;
2 the walk could not reach a window (timeout, app not found).

Run it under Xvfb and an AT-SPI bus (tests/ui/run-a11y-walk.sh does).
"""

import argparse
import signal
import sys
import time

import pyatspi

INPUT_ROLES = {
    pyatspi.ROLE_TEXT: "text",
    pyatspi.ROLE_PASSWORD_TEXT: "password text",
    pyatspi.ROLE_ENTRY: "entry",
    pyatspi.ROLE_COMBO_BOX: "combo box",
    pyatspi.ROLE_SPIN_BUTTON: "spin button",
    pyatspi.ROLE_CHECK_BOX: "check box",
    pyatspi.ROLE_RADIO_BUTTON: "radio button",
    pyatspi.ROLE_SLIDER: "slider",
}
# Inputs named by a form label (check boxes and radio buttons carry their own text).
LABELLED_ROLES = {
    pyatspi.ROLE_TEXT,
    pyatspi.ROLE_PASSWORD_TEXT,
    pyatspi.ROLE_ENTRY,
    pyatspi.ROLE_COMBO_BOX,
    pyatspi.ROLE_SPIN_BUTTON,
    pyatspi.ROLE_SLIDER,
}


class WalkError(Exception):
    pass


def log(*args):
    print(*args, flush=True)


def normalise(text):
    """A label's visible text: mnemonic '&' removed, trailing colon dropped."""
    text = (text or "").replace("&&", "\x01").replace("&", "").replace("\x01", "&").strip()
    return text[:-1].strip() if text.endswith(":") else text


def state(acc, s):
    try:
        return acc.getState().contains(s)
    except Exception:
        return False


def descendants(acc, depth=0, max_depth=40):
    """Every descendant, skipping what is not showing (hidden tabs, closed popups)."""
    if depth > max_depth:
        return
    try:
        count = acc.childCount
    except Exception:
        return
    # Cells of big lists are not inputs; do not walk thousands of them.
    try:
        role = acc.getRole()
    except Exception:
        role = None
    if role in (pyatspi.ROLE_TABLE, pyatspi.ROLE_TREE_TABLE, pyatspi.ROLE_LIST,
                pyatspi.ROLE_TREE):
        return
    for i in range(min(count, 500)):
        try:
            child = acc.getChildAtIndex(i)
        except Exception:
            continue
        if child is None:
            continue
        yield child
        # Menus are walked closed too: their items can be pressed without opening them.
        if state(child, pyatspi.STATE_SHOWING) or child.getRole() in (
                pyatspi.ROLE_PAGE_TAB_LIST, pyatspi.ROLE_PAGE_TAB, pyatspi.ROLE_MENU_BAR,
                pyatspi.ROLE_MENU, pyatspi.ROLE_MENU_ITEM, pyatspi.ROLE_POPUP_MENU):
            yield from descendants(child, depth + 1, max_depth)


def find(root, predicate):
    for acc in descendants(root):
        try:
            if predicate(acc):
                return acc
        except Exception:
            continue
    return None


def wait_for(what, function, timeout):
    deadline = time.time() + timeout
    while time.time() < deadline:
        result = function()
        if result:
            return result
        time.sleep(0.25)
    raise WalkError("timed out waiting for " + what)


def windows(app):
    out = []
    for i in range(app.childCount):
        try:
            w = app.getChildAtIndex(i)
        except Exception:
            continue
        if w is not None:
            out.append(w)
    return out


def window_key(w):
    try:
        return (w.getRole(), w.name, w.getIndexInParent())
    except Exception:
        return None


def new_window(app, before, predicate, timeout, what):
    def look():
        for w in windows(app):
            if window_key(w) not in before and predicate(w):
                return w
        return None
    return wait_for(what, look, timeout)


def press(acc):
    action = acc.queryAction()
    for i in range(action.nActions):
        if action.getName(i).lower() in ("press", "click", "activate", "switch", "toggle"):
            action.doAction(i)
            return
    action.doAction(0)


def first_cell(table, column=0):
    """The accessible of row 0 in a table (for a mouse click on it)."""
    try:
        return table.queryTable().getAccessibleAt(0, column)
    except Exception:
        return None


def click(acc, kind="b1c"):
    """A real pointer click (XTest through the AT-SPI registry) in the middle of acc."""
    x, y, w, h = acc.queryComponent().getExtents(pyatspi.DESKTOP_COORDS)
    pyatspi.Registry.generateMouseEvent(x + w // 2, y + h // 2, kind)
    time.sleep(0.3)


def enter():
    pyatspi.Registry.generateKeyboardEvent(0xFF0D, None, pyatspi.KEY_SYM)  # Return
    time.sleep(0.3)


def labelled_by(acc):
    names = []
    try:
        for relation in acc.getRelationSet():
            if relation.getRelationType() == pyatspi.RELATION_LABELLED_BY:
                for i in range(relation.getNTargets()):
                    target = relation.getTarget(i)
                    if target is not None and target.name:
                        names.append(target.name)
    except Exception:
        pass
    return names


def check_inputs(window, where):
    """Returns the problems found: unnamed inputs, or names that are no visible label."""
    labels = set()
    inputs = []
    for acc in descendants(window):
        try:
            role = acc.getRole()
        except Exception:
            continue
        if role == pyatspi.ROLE_LABEL and state(acc, pyatspi.STATE_SHOWING):
            if acc.name:
                labels.add(normalise(acc.name))
        elif role in INPUT_ROLES and state(acc, pyatspi.STATE_SHOWING):
            inputs.append(acc)
    problems = []
    for acc in inputs:
        role = acc.getRole()
        name = (acc.name or "").strip()
        desc = "%s %s" % (where, INPUT_ROLES[role])
        if role == pyatspi.ROLE_COMBO_BOX:
            # On Linux Qt names a combo box by its value; its label comes through the
            # "labelled by" relation, which is what a screen reader announces.
            by = labelled_by(acc)
            if not by:
                problems.append("%s (value %r) has no label relation" % (desc, name))
            elif not any(normalise(b) in labels for b in by):
                problems.append("%s is labelled %r, which is no visible label" % (desc, by))
            else:
                log("  ok: %s labelled %r" % (desc, by[0]))
            continue
        if not name:
            parent = acc.parent.name if acc.parent is not None else ""
            problems.append("%s has no accessible name (inside %r)" % (desc, parent))
        elif role in LABELLED_ROLES and normalise(name) not in labels:
            problems.append("%s is named %r, which is no visible label" % (desc, name))
        else:
            log("  ok: %s %r" % (desc, name))
    log("%s: %d inputs checked, %d labels seen" % (where, len(inputs), len(labels)))
    return problems


def menu_item(window, name, timeout):
    return wait_for("the %r menu item" % name,
                    lambda: find(window, lambda a: a.getRole() == pyatspi.ROLE_MENU_ITEM
                                 and normalise(a.name).rstrip("…. ") == name), timeout)


def button(window, name, timeout):
    return wait_for("the %r button" % name,
                    lambda: find(window, lambda a: a.getRole() == pyatspi.ROLE_PUSH_BUTTON
                                 and normalise(a.name).rstrip("…. ") == name
                                 and state(a, pyatspi.STATE_SHOWING)), timeout)


def text_input(window, name, timeout):
    return wait_for("the %r input" % name,
                    lambda: find(window, lambda a: a.getRole() in (pyatspi.ROLE_TEXT,
                                                                    pyatspi.ROLE_PASSWORD_TEXT)
                                 and normalise(a.name) == name
                                 and state(a, pyatspi.STATE_SHOWING)), timeout)


def walk_client_area(app, main_window, args):
    """Tools > Client Area Preview: the sign-in window, then Your Profile after signing in."""
    before = {window_key(w) for w in windows(app)}
    press(menu_item(main_window, "Client Area Preview", args.timeout))
    area = new_window(app, before, lambda w: (w.name or "").startswith("Client Area"),
                      args.timeout, "the Client Area window")
    log("Client Area window: %r" % area.name)
    time.sleep(1)
    problems = check_inputs(area, "Client Area sign-in")
    text_input(area, "Email Address", args.timeout).queryEditableText().setTextContents(
        args.email)
    text_input(area, "Password", args.timeout).queryEditableText().setTextContents(
        args.password)
    press(button(area, "Sign In", args.timeout))
    # The user has one account: its home page, whose buttons open the Hello menu's pages.
    press(button(area, "Your Profile", args.timeout))
    wait_for("the Your Profile page",
             lambda: find(area, lambda a: a.getRole() == pyatspi.ROLE_LABEL
                          and (a.name or "").startswith("This page edits your sign-in details")
                          and state(a, pyatspi.STATE_SHOWING)), args.timeout)
    time.sleep(0.5)
    problems += check_inputs(area, "Client Area Your Profile")
    # Esc closes the window, as it closes every Accord window.
    pyatspi.Registry.generateKeyboardEvent(0xFF1B, None, pyatspi.KEY_SYM)  # Escape
    wait_for("the Client Area window to close",
             lambda: not any((w.name or "").startswith("Client Area")
                             and state(w, pyatspi.STATE_SHOWING) for w in windows(app)),
             args.timeout)
    return problems


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--app", default="accord")
    parser.add_argument("--timeout", type=float, default=60)
    parser.add_argument("--email", required=True, help="a user with one client account")
    parser.add_argument("--password", required=True)
    args = parser.parse_args()

    def overall_timeout(signum, frame):
        raise WalkError("the walk took longer than its overall limit")
    signal.signal(signal.SIGALRM, overall_timeout)
    signal.alarm(int(args.timeout * 4))

    try:
        desktop = pyatspi.Registry.getDesktop(0)

        def the_app():
            for i in range(desktop.childCount):
                a = desktop.getChildAtIndex(i)
                if a is not None and (a.name or "").lower() == args.app.lower():
                    return a
            return None
        app = wait_for("the application %r on the AT-SPI bus" % args.app, the_app, args.timeout)
        main_window = wait_for(
            "the main window",
            lambda: next((w for w in windows(app) if (w.name or "").startswith("Accord")), None),
            args.timeout)
        log("main window: %r" % main_window.name)
        problems = check_inputs(main_window, "main window")
        problems += walk_client_area(app, main_window, args)

        # Open a client: Enter in the Clients list (its first row).
        clients_table = wait_for(
            "the Clients list",
            lambda: find(main_window, lambda a: a.getRole() == pyatspi.ROLE_TABLE
                         and state(a, pyatspi.STATE_SHOWING)), args.timeout)
        wait_for("client rows", lambda: clients_table.childCount > 8, args.timeout)
        before = {window_key(w) for w in windows(app)}
        is_profile = lambda w: "client" in (w.name or "").lower()
        cell = wait_for("the first client row", lambda: first_cell(clients_table, 1), args.timeout)
        click(cell)  # selects the row and makes it current, as a user's click does
        enter()      # Enter opens the client
        try:
            profile = new_window(app, before, is_profile, 10, "the client profile window")
        except WalkError:
            log("Enter did not open a client; using Records > Open Selected")
            item = wait_for("the Open Selected menu item",
                            lambda: find(main_window, lambda a: a.getRole() == pyatspi.ROLE_MENU_ITEM
                                         and normalise(a.name) == "Open Selected"), args.timeout)
            press(item)
            profile = new_window(app, before, is_profile, args.timeout,
                                 "the client profile window")
        log("client profile window: %r" % profile.name)
        time.sleep(1)
        problems += check_inputs(profile, "client profile (Profile tab)")

        users_tab = wait_for(
            "the Users tab",
            lambda: find(profile, lambda a: a.getRole() == pyatspi.ROLE_PAGE_TAB
                         and normalise(a.name) == "Users"), args.timeout)
        press(users_tab)
        time.sleep(1)
        problems += check_inputs(profile, "client profile (Users tab)")

        manage = wait_for(
            "the Manage User button",
            lambda: find(profile, lambda a: a.getRole() == pyatspi.ROLE_PUSH_BUTTON
                         and normalise(a.name).rstrip("…. ") == "Manage User"
                         and state(a, pyatspi.STATE_SHOWING)), args.timeout)
        if not state(manage, pyatspi.STATE_ENABLED):
            users_table = wait_for(
                "the Users list",
                lambda: find(profile, lambda a: a.getRole() == pyatspi.ROLE_TABLE
                             and state(a, pyatspi.STATE_SHOWING)), args.timeout)
            click(wait_for("a user row", lambda: first_cell(users_table, 0), args.timeout))
            wait_for("Manage User to be enabled",
                     lambda: state(manage, pyatspi.STATE_ENABLED), args.timeout)
        before = {window_key(w) for w in windows(app)}
        press(manage)
        dialog = new_window(app, before,
                            lambda w: (w.name or "").startswith("Manage User"),
                            args.timeout, "the Manage User dialog")
        log("Manage User dialog: %r" % dialog.name)
        time.sleep(1)
        problems += check_inputs(dialog, "Manage User dialog")
    except WalkError as e:
        log("a11y walk: " + str(e))
        return 2
    finally:
        signal.alarm(0)

    if problems:
        log("\nUNNAMED OR MISNAMED INPUTS:")
        for p in problems:
            log("  " + p)
        return 1
    log("\nevery input is named by its visible label")
    return 0


if __name__ == "__main__":
    sys.exit(main())
