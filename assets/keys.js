/*
 * Keyboard for meetings (components/presentation.py): P enters and leaves presentation
 * mode, Esc leaves it, left and right arrows move one year, space plays and pauses.
 * Keys go to the page's own buttons, so they do what a click does. A key typed into a
 * control (the slider, a checkbox, a button) stays that control's.
 */
(function () {
    "use strict";

    function click(id) {
        const button = document.getElementById(id);
        if (button) {
            button.click();
        }
    }

    // The arrows go to the year slider itself, which counts quick presses right (the
    // previous/next buttons read the year as it was drawn, so two quick presses would be one).
    function step(key) {
        const thumb = document.querySelector("#year-slider [role='slider']");
        if (thumb) {
            thumb.dispatchEvent(new KeyboardEvent("keydown", {key: key, bubbles: true}));
        }
    }

    function presenting() {
        const page = document.getElementById("page");
        return Boolean(page && page.classList.contains("presenting"));
    }

    document.addEventListener("keydown", (event) => {
        if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) {
            return;
        }
        const target = event.target;
        const inControl = target && target.closest &&
            target.closest("input, textarea, select, button, [role='slider'], [contenteditable]");
        if (inControl) {
            return;
        }
        const actions = {
            p: () => click("present-button"),
            P: () => click("present-button"),
            Escape: () => presenting() && click("present-button"),
            ArrowLeft: () => step("ArrowLeft"),
            ArrowRight: () => step("ArrowRight"),
            " ": () => click("play-button"),
        };
        const action = actions[event.key];
        if (action) {
            event.preventDefault();
            action();
        }
    });
})();
