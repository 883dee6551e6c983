/*
 * What Dash 4's own components get wrong for a screen reader, mended in the page (axe-core
 * finds it; tests/browser/test_responsive.py runs it on every state of the page):
 * - Checklist and RadioItems are drawn as a listbox of options that hold a checkbox or a
 *   radio button (`nested-interactive`, `aria-allowed-role`, an unnamed listbox): they become
 *   a group (radiogroup) of plain labelled inputs, named by the title or legend before them.
 * - Dropdown puts a hidden text field in the Tab order before its button, for Safari
 *   (`aria-hidden-focus`): the button itself takes the Tab stop, the hidden field none.
 * - Dropdown names its button by the value shown only: the button is named by its label
 *   too (the label for it, or the named group it is in), so "City column: Ville". Its open
 *   list (a listbox in an unnamed dialog) and the dialog are named by the same label.
 * - A dropdown's option is a <label role="option"> that holds a radio button or checkbox
 *   (`aria-allowed-role`: a label takes no role; `nested-interactive`: an option holds no
 *   control). The option becomes the label's text (role option, aria-selected, focusable by
 *   script), the input is not drawn (assets/style.css); Dash's keys, which focus "the option's input",
 *   focus the option, and Enter or Space on it clicks the input as Dash's own Enter did.
 * Only attributes change, never the components' content; React leaves them alone (their
 * values do not change), and what it sets again (aria-selected, tabindex) is mended again.
 */
(function () {
    "use strict";

    const LISTS = ".dash-options-list";

    function set(element, name, value) {
        if (element.getAttribute(name) !== value) {
            element.setAttribute(name, value);
        }
    }

    function titleBefore(list) {
        const before = list.previousElementSibling;
        const heading = before && before.matches("legend, label, h2, h3, h4, [class*='control-']");
        return heading ? before.textContent.trim() : "";
    }

    // The dropdown whose open list this is (Radix names the list's dialog in aria-controls).
    function dropdownOf(list) {
        const dialog = list.closest("[role='dialog'][id]");
        const button = dialog && document.querySelector("button[aria-controls='" + CSS.escape(dialog.id) + "']");
        return button ? {dialog, button} : null;
    }

    function textOf(ids) {
        return ids.split(/\s+/).map((id) => (document.getElementById(id) || {}).textContent || "")
            .join(" ").trim();
    }

    function mendList(list) {
        const dropdown = dropdownOf(list);
        // A dropdown's open list stays a listbox of options (what its keys and the tests
        // expect): it and its dialog are only named. Its options still hold an input.
        const radios = list.querySelector("input[type='radio']");
        set(list, "role", dropdown ? "listbox" : radios ? "radiogroup" : "group");
        if (!list.hasAttribute("aria-label") && !list.hasAttribute("aria-labelledby")) {
            const label = list.id && document.querySelector("label[for='" + CSS.escape(list.id) + "']");
            const name = label ? label.textContent.trim()
                : dropdown ? textOf(labelOf(dropdown.button) || dropdown.button.getAttribute("aria-labelledby") || "")
                    : titleBefore(list);
            if (name) {
                list.setAttribute("aria-label", name);
            }
        }
        if (dropdown) {
            if (!dropdown.dialog.hasAttribute("aria-label") && list.getAttribute("aria-label")) {
                dropdown.dialog.setAttribute("aria-label", list.getAttribute("aria-label"));
            }
            list.querySelectorAll(".dash-options-list-option").forEach(mendOption);
            return;
        }
        list.querySelectorAll(".dash-options-list-option[aria-selected], .dash-options-list-option[role]").forEach((option) => {
            option.removeAttribute("role");
            option.removeAttribute("aria-selected");
        });
    }

    // A dropdown's option: the role, state and focus move from the <label> to its text; the
    // input is not drawn (assets/style.css: a tick shows the choice), so it is neither in the
    // focus order nor in the tree, and a click on the label still clicks it.
    function mendOption(label) {
        const text = label.querySelector(".dash-options-list-option-text");
        const input = label.querySelector("input");
        if (!text || !input) {
            return;
        }
        if (label.hasAttribute("aria-selected")) {
            set(text, "aria-selected", label.getAttribute("aria-selected"));
            label.removeAttribute("aria-selected");
        }
        label.removeAttribute("role");
        set(text, "role", "option");
        set(text, "tabindex", "-1");
        if (input.disabled) {
            set(text, "aria-disabled", "true");
        } else {
            text.removeAttribute("aria-disabled");
        }
        if (!text.dataset.mended) {
            text.dataset.mended = "1";
            // Dash focuses `[data-option-index=i] input` (its arrows, Home, End, Tab).
            input.focus = (options) => text.focus(options);
        }
    }

    document.addEventListener("keydown", (event) => {
        const option = event.target && event.target.closest
            ? event.target.closest(".dash-options-list-option-text[role='option']") : null;
        if (!option || (event.key !== "Enter" && event.key !== " ")) {
            return;
        }
        event.preventDefault();
        const input = option.closest(".dash-options-list-option").querySelector("input");
        if (input && !input.disabled) {
            input.click();
        }
    });

    // The label of a dropdown's button (ids for aria-labelledby): the label for it, an element
    // named after it (its id and "-label"), or the named group it is in; "" when none.
    function labelOf(button) {
        const label = button.id && document.querySelector("label[for='" + CSS.escape(button.id) + "']");
        if (label) {
            if (!label.id) {
                label.id = button.id + "-label";
            }
            return label.id;
        }
        const own = button.id && document.getElementById(button.id + "-label");
        if (own) {
            return own.id;
        }
        const group = button.closest("[role='group'][aria-labelledby], [role='radiogroup'][aria-labelledby]");
        return group ? group.getAttribute("aria-labelledby") : "";
    }

    function mendDropdown(button) {
        const dummy = button.previousElementSibling;
        if (dummy && dummy.matches("input.dash-dropdown-focus-target")) {
            set(dummy, "tabindex", "-1");
            set(button, "tabindex", button.disabled ? "-1" : "0");
        }
        const label = labelOf(button);
        const names = (button.getAttribute("aria-labelledby") || "").split(/\s+/).filter(Boolean);
        if (label && !names.includes(label.split(/\s+/)[0])) {
            button.setAttribute("aria-labelledby", [label, ...names].join(" "));
        }
    }

    function mend() {
        document.querySelectorAll(LISTS).forEach(mendList);
        document.querySelectorAll("button.dash-dropdown").forEach(mendDropdown);
    }

    // Plotly's drawing (SVG) is no business of this: a slider step costs nothing here.
    let queued = false;
    new MutationObserver((mutations) => {
        if (queued || mutations.every((m) => m.target instanceof SVGElement)) {
            return;
        }
        queued = true;
        queueMicrotask(() => {
            queued = false;
            mend();
        });
    }).observe(document.documentElement, {
        childList: true,
        subtree: true,
        attributes: true,
        attributeFilter: ["role", "aria-selected", "tabindex", "disabled"],
    });
})();
