/*
 * The browser's own String.prototype.trim, parseFloat and parseInt, put back.
 *
 * Dash loads babel-polyfill (core-js 2) before the page's scripts. core-js 2 counts U+180E as
 * white space, which Unicode 6.3 (2013) no longer does, so in every current browser it finds
 * these three "wrong" and replaces them with its own, written in JavaScript with regular
 * expressions. plotly.js parses a colour (tinycolor) for the fill and the outline of every
 * marker on every redraw, and each parse calls them several times: at 10,000 cities plotly's
 * `singlePointStyle` was 175 ms of a 245 ms step (bench/profile.py), and a redraw of the
 * traces took 189 ms with core-js's functions, 108 ms with the browser's own. The only
 * difference between the two is U+180E.
 *
 * The browser's own functions come from a fresh realm (an empty frame, removed at once);
 * nothing is changed when the page's functions are the browser's already.
 */
(function () {
    "use strict";

    // core-js's own take U+180E for white space, the browser's do not (core-js also makes
    // Function.prototype.toString call its functions "[native code]": their source tells nothing).
    const MVS = "\u180e";
    // [object, name, whether the page's is core-js's, the browser's own in a fresh realm]
    const REPLACED = [
        [String.prototype, "trim", () => MVS.trim() === "", (realm) => realm.String.prototype.trim],
        [window, "parseFloat", () => window.parseFloat(MVS + "1") === 1, (realm) => realm.parseFloat],
        [window, "parseInt", () => window.parseInt(MVS + "1") === 1, (realm) => realm.parseInt],
        [Number, "parseFloat", () => Number.parseFloat(MVS + "1") === 1, (realm) => realm.Number.parseFloat],
        [Number, "parseInt", () => Number.parseInt(MVS + "1") === 1, (realm) => realm.Number.parseInt],
    ].filter(([object, name, replaced]) => typeof object[name] === "function" && replaced());

    if (!REPLACED.length || !document.body) {
        return;
    }
    const frame = document.createElement("iframe");
    frame.hidden = true;
    frame.setAttribute("aria-hidden", "true");
    frame.tabIndex = -1;
    document.body.appendChild(frame);
    try {
        const realm = frame.contentWindow;
        for (const [object, name, , own] of REPLACED) {
            const fn = realm && own(realm);
            if (typeof fn === "function") {
                Object.defineProperty(object, name, {value: fn, writable: true, configurable: true, enumerable: false});
            }
        }
    } catch (error) {
        // No frame here (a sandbox, a policy): core-js's functions stay, which work.
    } finally {
        frame.remove();
    }
})();
