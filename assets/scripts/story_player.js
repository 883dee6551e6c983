/*
 * The player of a saved story (/stories/<id>/, components/story_player.py): one slide at a time.
 *
 * A slide's view is shown by setting the page's address to the slide's query with present=1 (as
 * share.js writeAddress: history.pushState, then Dash's Location is told), which makes the page read it
 * through the state route. When the slide looks elsewhere (its `view=`: a preset or a camera),
 * the map flies there first (camera.js showView's `fly` option, fly.js: about 0.7 s; a jump
 * with prefers-reduced-motion), so the state route finds the camera already asked for.
 *
 * Its title, caption and callouts: each callout beside its city's marker, on the side (right,
 * left, above, below) that covers the fewest of the map's labels (the SVG's text boxes, the
 * home city's label among them) and the other callouts, kept inside the screen (chosen by
 * slide_images.js `calloutPlace`, as the offline deck's); placed again at each step of a
 * flight and once the map stops.
 *
 * Keys: ArrowRight/PageDown and ArrowLeft/PageUp (presenter clickers send those), Home, End, F
 * for full screen. Esc leaves full screen first (the browser does, or this does when the key
 * reaches the page); a second Esc leaves the story for the ordinary map of the slide shown (no
 * presentation mode, the page's own keys back), with *Back to the story* at the top of the map,
 * focused, which plays on from that slide.
 */
(function () {
    "use strict";

    const FLY_MS = 700;
    const GAP = 10; // between a marker and its callout
    const MARGIN = 8; // between a callout and the screen's edge
    const SIDES = ["right", "left", "above", "below"];
    const openingLanguage = new URLSearchParams(window.location.search).get("lang");

    let play = null; // {title, slides: [{view, title, caption, callouts}]}
    let shown = 0;
    let left = false; // Esc left the story for the ordinary map
    let lastView = null;
    let placing = [];
    let checking = [];

    window.addEventListener("citylinks:view", (event) => { lastView = event.detail; });

    const byId = (id) => document.getElementById(id);
    const graph = () => document.querySelector("#map .js-plotly-plot");
    const paramsOf = (view) => new URLSearchParams((view || "").replace(/^\?/, ""));

    // The page goes to a view by its address, as share.js does (the state route then sets
    // every control); `present`: in presentation mode.
    function showView(view, present) {
        const params = paramsOf(view);
        ["present", "lang"].forEach((name) => params.delete(name));
        if (present) {
            params.set("present", "1");
        }
        if (openingLanguage) {
            params.set("lang", openingLanguage);
        }
        const text = params.toString();
        const query = text ? "?" + text : "";
        if (query !== window.location.search) {
            window.dash_clientside.citylinks.writeAddress(query);
        }
    }

    // Fly the map to the slide's camera (its `view=`, none: the world) when it looks elsewhere.
    function flyTo(slide) {
        const citylinks = window.dash_clientside.citylinks;
        const asked = paramsOf(slide.view).get("view");
        const wanted = asked && asked !== "world" ? asked : null;
        if (!citylinks.showView || (citylinks.currentView() || null) === wanted) {
            return;
        }
        Promise.resolve(citylinks.showView(wanted, {fly: FLY_MS})).then(settle);
    }

    function mapReady(then, tries) {
        const gd = graph();
        if (gd && gd._fullLayout && gd.on) {
            if (!gd.citylinksStory) {
                gd.citylinksStory = true;
                gd.on("plotly_afterplot", placeCallouts);
                gd.on("plotly_relayout", placeCallouts); // each step of a flight
            }
            return then();
        }
        if (tries > 0) {
            setTimeout(() => mapReady(then, tries - 1), 100);
        }
        return null;
    }

    // --- callouts ------------------------------------------------------------------------------

    function markerBox(city, code) {
        for (const group of document.querySelectorAll("#map .geo .scatterlayer .trace")) {
            const trace = group.__data__ && group.__data__[0] && group.__data__[0].trace;
            if (!trace || !trace.customdata) {
                continue;
            }
            const points = group.querySelectorAll("path.point");
            for (let i = 0; i < points.length; i++) {
                const key = trace.customdata[i];
                const box = points[i].getBoundingClientRect();
                if (key && key[0] === city && key[1] === code && box.width > 0) {
                    return box;
                }
            }
        }
        return null;
    }

    // The boxes of the map's city labels as drawn (the home city's among them).
    function labelBoxes() {
        return Array.from(document.querySelectorAll("#map .geo .scatterlayer .trace text"))
            .filter((text) => text.textContent.trim())
            .map((text) => text.getBoundingClientRect())
            .filter((box) => box.width > 0 && box.height > 0);
    }

    // Where a callout of `width` x `height` goes on one side of a marker, kept inside the screen.
    function spot(side, box, width, height) {
        const middleX = (box.left + box.right) / 2;
        const middleY = (box.top + box.bottom) / 2;
        const at = {
            right: [box.right + GAP, middleY - height / 2],
            left: [box.left - GAP - width, middleY - height / 2],
            above: [middleX - width / 2, box.top - GAP - height],
            below: [middleX - width / 2, box.bottom + GAP],
        }[side];
        const x = Math.max(MARGIN, Math.min(at[0], window.innerWidth - MARGIN - width));
        const y = Math.max(MARGIN, Math.min(at[1], window.innerHeight - MARGIN - height));
        return {side, left: x, top: y, right: x + width, bottom: y + height};
    }

    // The side covering the fewest labels and callouts placed (its own marker: never); each
    // spot is inside the screen already.
    function bestSpot(box, width, height, labels, taken) {
        const spots = SIDES.map((side) => spot(side, box, width, height));
        return window.dash_clientside.citylinks.calloutPlace(spots, [
            {boxes: labels, weight: 1, by: "count"},
            {boxes: taken, weight: 2, by: "count"},
            {boxes: [box], weight: 100, by: "count"},
        ], null).place;
    }

    function placeCallouts() {
        const list = byId("story-callouts");
        if (!list || !play) {
            return;
        }
        const labels = labelBoxes();
        const obstacles = [".story-card", ".story-controls"]
            .map((selector) => document.querySelector(selector))
            .filter((element) => element && element.offsetParent !== null)
            .map((element) => element.getBoundingClientRect());
        Array.from(list.children).forEach((item) => {
            const box = left ? null : markerBox(item.dataset.city, item.dataset.code);
            item.classList.toggle("placed", Boolean(box));
            if (!box) {
                return;
            }
            const place = bestSpot(box, item.offsetWidth, item.offsetHeight, labels, obstacles);
            item.dataset.side = place.side;
            item.style.left = place.left + "px";
            item.style.top = place.top + "px";
            obstacles.push(place);
        });
    }

    // Once the map stops: labels.js places its labels after each drawing, then the callouts.
    function settle() {
        [50, 300, 800].forEach((ms) => setTimeout(placeCallouts, ms));
    }

    function drawCallouts(callouts) {
        const list = byId("story-callouts");
        if (!list) {
            return;
        }
        list.replaceChildren(...callouts.map((callout) => {
            const item = document.createElement("li");
            item.className = "story-callout";
            item.dataset.city = callout.city;
            item.dataset.code = callout.country_code;
            const name = document.createElement("strong");
            name.textContent = callout.label || callout.city;
            const note = document.createElement("span");
            note.textContent = callout.note ? " " + callout.note : "";
            item.append(name, note);
            return item;
        }));
        placing.forEach(clearTimeout);
        // The view arrives, then the map is drawn: place them again as it settles.
        placing = [200, 600, 1200, 2000, 3500].map((ms) => setTimeout(placeCallouts, ms));
    }

    // --- slides ------------------------------------------------------------------------------

    // A text of the player's (its data-* attributes) with the slide shown and their number.
    const fill = (template) => (template || "").replace("{n}", String(shown + 1)).replace("{count}", String(play.slides.length));

    function showSlide(index) {
        if (!play || !play.slides.length) {
            return;
        }
        shown = Math.max(0, Math.min(index, play.slides.length - 1));
        const slide = play.slides[shown];
        const count = play.slides.length;
        byId("story-slide-title").textContent = slide.title || play.title;
        byId("story-caption").textContent = slide.caption;
        const counter = byId("story-counter");
        counter.textContent = (shown + 1) + " / " + count;
        counter.setAttribute("aria-label", fill(counter.dataset.label || "{n} / {count}"));
        byId("story-prev").setAttribute("aria-disabled", String(shown === 0));
        byId("story-next").setAttribute("aria-disabled", String(shown === count - 1));
        flyTo(slide);
        showView(slide.view, true);
        drawCallouts(slide.callouts || []);
        // The page may still write the view it opened on (share.js waits for a view to settle
        // before it writes it): the slide's address is set again if that happened meanwhile.
        checking.forEach(clearTimeout);
        checking = [1200, 2500].map((ms) => setTimeout(() => {
            const asked = paramsOf(slide.view);
            const now = new URLSearchParams(window.location.search);
            if (!left && play.slides[shown] === slide && (now.get("present") !== "1" || now.get("year") !== asked.get("year"))) {
                showView(slide.view, true);
            }
        }, ms));
    }

    function fullScreen() {
        const page = document.documentElement;
        if (document.fullscreenElement || !page.requestFullscreen) {
            return document.fullscreenElement ? document.exitFullscreen() : null;
        }
        return page.requestFullscreen().catch(() => null);
    }

    // Esc out of full screen: leave the story for the ordinary map of the slide shown.
    function leave() {
        left = true;
        checking.forEach(clearTimeout);
        placing.forEach(clearTimeout);
        document.body.classList.remove("story-playing");
        document.body.classList.add("story-left");
        const resume = byId("story-resume");
        resume.textContent = fill(resume.dataset.label);
        resume.hidden = false;
        [0, 300, 1000].forEach((ms) => setTimeout(placeResume, ms)); // as the page's parts come back
        showView(play.slides[shown].view, false);
        placeCallouts();
        resume.focus();
        announce(byId("story-player").dataset.left);
    }

    // *Back to the story* at the top of the map, in its middle but clear of the legend (the
    // header stays readable).
    function placeResume() {
        const button = byId("story-resume");
        const map = byId("map");
        if (!button || button.hidden || !map) {
            return;
        }
        const box = map.getBoundingClientRect();
        const legend = map.querySelector(".legend");
        const after = legend ? legend.getBoundingClientRect().right + 12 : 0;
        const width = button.offsetWidth;
        const x = Math.max(box.left + (box.width - width) / 2, after);
        button.style.transform = "none";
        button.style.top = Math.max(8, box.top + 8) + "px";
        button.style.left = Math.max(8, Math.min(x, box.right - width - 8)) + "px";
    }

    function resume() {
        left = false;
        document.body.classList.add("story-playing");
        document.body.classList.remove("story-left");
        byId("story-resume").hidden = true;
        showSlide(shown);
        byId("story-next").focus();
        announce(byId("story-player").dataset.resumed);
    }

    function announce(template) {
        const live = byId("story-announce");
        if (live && template) {
            live.textContent = fill(template);
        }
    }

    // When the browser leaves full screen on Esc and still gives the page that key, the key
    // was for full screen only.
    let leftFullScreen = 0;
    document.addEventListener("fullscreenchange", () => {
        if (!document.fullscreenElement) {
            leftFullScreen = Date.now();
        }
    });
    const fullScreenEsc = () => document.fullscreenElement || Date.now() - leftFullScreen < 400;

    window.addEventListener("keydown", (event) => {
        if (!play || left || event.ctrlKey || event.metaKey || event.altKey || event.defaultPrevented) {
            return;
        }
        const target = event.target && event.target.closest ? event.target : null;
        if (target && target.closest("input, textarea, select, [contenteditable], #story-panel")) {
            return; // typing, or building
        }
        const steps = {ArrowRight: 1, PageDown: 1, ArrowLeft: -1, PageUp: -1};
        const jumps = {Home: 0, End: play.slides.length - 1};
        let action = null;
        if (event.key in steps) {
            action = () => showSlide(shown + steps[event.key]);
        } else if (event.key in jumps) {
            action = () => showSlide(jumps[event.key]);
        } else if (event.key === "f" || event.key === "F") {
            action = fullScreen;
        } else if (event.key === "Escape") {
            action = fullScreenEsc() ? () => document.fullscreenElement && document.exitFullscreen() : leave;
        }
        if (action) {
            // before the page's own keys (keys.js: the arrows step the year, Esc leaves
            // presentation mode)
            event.preventDefault();
            event.stopPropagation();
            action();
        }
    }, true);

    document.addEventListener("click", (event) => {
        const button = event.target.closest && event.target.closest("#story-player button");
        if (!button || !play) {
            return;
        }
        const moves = {"story-prev": -1, "story-next": 1};
        if (button.id in moves) {
            showSlide(shown + moves[button.id]);
        } else if (button.id === "story-fullscreen") {
            fullScreen();
        } else if (button.id === "story-resume") {
            resume();
        }
    });
    window.addEventListener("resize", () => setTimeout(() => { placeCallouts(); placeResume(); }, 100));
    window.addEventListener("citylinks:present", () => setTimeout(placeResume, 100));

    window.dash_clientside = window.dash_clientside || {};
    window.dash_clientside.citylinks = Object.assign(window.dash_clientside.citylinks || {}, {
        // The builder's *Show* (story_editor.js): the page goes to a slide's view.
        storyShowView: showView,
        // The player of a saved story: its first slide once the map is drawn.
        storyPlay: function (data) {
            if (!data || !Array.isArray(data.slides) || !data.slides.length) {
                return window.dash_clientside.no_update;
            }
            play = data;
            document.body.classList.add("story-playing");
            // once the view the page opened on has settled (share.js writes it then)
            mapReady(() => setTimeout(() => showSlide(0), ((lastView && lastView.settleMs) || 800) + 200), 100);
            return "1 / " + data.slides.length;
        },
    });
})();
