/*
 * Stories (components/stories.py): the *Story* panel's editor, and the player of a saved story.
 *
 * The editor keeps the story being built in the tab's session storage and copies it into the
 * "story-data" store, which the server reads to check, save and export it. Its slides are drawn
 * here with DOM calls: titles, captions, notes and city names are set as text or form values,
 * never as HTML. A slide's view is the page's address query (assets/scripts/map_view.js
 * viewQuery, as share.js writes it), taken from the last view the map announced.
 *
 * The player (/stories/<id>/) shows one slide at a time: its view by setting the page's address
 * to the slide's query with present=1 (as share.js does: history.pushState, then Dash's Location
 * is told), which makes the page read it through the state route; its title, caption and
 * callouts (each beside its city's marker on the map); ArrowRight/PageDown and ArrowLeft/PageUp
 * (presenter clickers send those), Home and End, F for full screen, and the on-screen buttons.
 */
(function () {
    "use strict";

    const SESSION_KEY = "citylinks-story";
    const FORMAT = "citylinks-story";
    const VERSION = 1;

    let story = null; // {format, version, title, slides: [{view, title, caption, callouts}]}
    let texts = {};
    let limits = {slides: 50, callouts: 6, title: 120, caption: 600, note: 140, file: 131072};
    let lastView = null;
    let camera = null;

    window.addEventListener("citylinks:view", (event) => { lastView = event.detail; });
    window.addEventListener("citylinks:camera", (event) => { camera = event.detail || null; });

    function say(key, values) {
        const text = texts[key] || key;
        return text.replace(/\{(\w+)\}/g, (all, name) => (values && name in values ? String(values[name]) : all));
    }

    function make(tag, props, children) {
        const element = document.createElement(tag);
        Object.entries(props || {}).forEach(([name, value]) => {
            if (name === "text") {
                element.textContent = value;
            } else if (name in element && !name.startsWith("aria") && !name.startsWith("data")) {
                element[name] = value;
            } else {
                element.setAttribute(name, value);
            }
        });
        (children || []).forEach((child) => element.appendChild(child));
        return element;
    }

    // --- the story being built ---------------------------------------------------------------

    function emptyStory() {
        return {format: FORMAT, version: VERSION, title: say("new_title"), slides: []};
    }

    function stored() {
        try {
            const value = JSON.parse(window.sessionStorage.getItem(SESSION_KEY) || "null");
            return value && value.format === FORMAT && Array.isArray(value.slides) ? value : null;
        } catch (error) {
            return null;
        }
    }

    function keep() {
        try {
            window.sessionStorage.setItem(SESSION_KEY, JSON.stringify(story));
        } catch (error) {
            // a full or closed storage: the story stays in the page
        }
        window.dash_clientside.set_props("story-data", {data: story});
    }

    // The view the map shows, as the page's address writes it (without present= and lang=).
    function currentView() {
        const citylinks = window.dash_clientside.citylinks;
        if (lastView && citylinks.viewQuery) {
            return citylinks.viewQuery(Object.assign({}, lastView, {view: camera}), lastView.last);
        }
        const params = new URLSearchParams(window.location.search);
        ["present", "lang", "theme"].forEach((name) => params.delete(name));
        const text = params.toString();
        return text ? "?" + text : "";
    }

    function viewText(view) {
        const params = new URLSearchParams((view || "").replace(/^\?/, ""));
        const parts = Array.from(params.entries()).map(([name, value]) => name + "=" + value);
        return parts.length ? parts.join(" · ") : say("default_view");
    }

    function viewCity(view) {
        const params = new URLSearchParams((view || "").replace(/^\?/, ""));
        const city = params.get("city");
        const code = params.get("country") || params.get("country_code");
        return city && code ? city + "|" + code : null;
    }

    // --- the editor ----------------------------------------------------------------------------

    function editor() {
        return document.getElementById("story-editor");
    }

    function cityOptions(select, chosen) {
        const template = document.getElementById("story-cities");
        if (template) {
            Array.from(template.options).forEach((option) => {
                select.appendChild(make("option", {value: option.value, text: option.textContent}));
            });
        }
        if (chosen && Array.from(select.options).some((option) => option.value === chosen)) {
            select.value = chosen;
        }
    }

    function calloutRow(callout, slideIndex, index) {
        const n = index + 1;
        const select = make("select", {"aria-label": say("callout_city", {n}), "data-field": "city", "data-callout": String(index)});
        cityOptions(select, callout.city + "|" + callout.country_code);
        const note = make("input", {
            type: "text", value: callout.note || "", maxLength: limits.note,
            "aria-label": say("callout_note", {n}), "data-field": "note", "data-callout": String(index),
        });
        const remove = make("button", {
            type: "button", text: "×", title: say("remove_callout", {n}),
            "aria-label": say("remove_callout", {n}), "data-action": "remove-callout", "data-callout": String(index),
        });
        return make("li", {className: "story-callout-row"}, [select, note, remove]);
    }

    function actionButton(action, n, disabled) {
        const labels = {show: "show", up: "up", down: "down", duplicate: "duplicate", delete: "delete_slide"};
        const title = say(labels[action] + "_title", {n});
        return make("button", {
            type: "button", className: "story-action", text: say(labels[action]), title: title,
            "aria-label": title, "data-action": action, disabled: Boolean(disabled),
        });
    }

    function slideItem(slide, index, count) {
        const n = index + 1;
        const callouts = (slide.callouts || []).map((callout, i) => calloutRow(callout, index, i));
        const addCallout = make("button", {
            type: "button", className: "story-action", text: say("add_callout"),
            "data-action": "add-callout", disabled: (slide.callouts || []).length >= limits.callouts,
        });
        return make("li", {className: "story-slide", "data-index": String(index)}, [
            make("h3", {text: say("slide", {n})}),
            make("p", {className: "story-view", text: say("view", {view: viewText(slide.view)})}),
            make("label", {className: "story-field"}, [
                make("span", {text: say("slide_title")}),
                make("input", {type: "text", value: slide.title || "", maxLength: limits.title, "data-field": "title"}),
            ]),
            make("label", {className: "story-field"}, [
                make("span", {text: say("caption")}),
                make("textarea", {rows: 3, value: slide.caption || "", maxLength: limits.caption, "data-field": "caption"}),
            ]),
            make("fieldset", {className: "story-callouts-edit"}, [
                make("legend", {text: say("callouts")}),
                make("ul", {}, callouts),
                addCallout,
            ]),
            make("div", {className: "story-slide-actions"}, [
                actionButton("show", n),
                actionButton("up", n, index === 0),
                actionButton("down", n, index === count - 1),
                actionButton("duplicate", n, count >= limits.slides),
                actionButton("delete", n),
            ]),
        ]);
    }

    function render(focus) {
        const slot = editor();
        if (!slot || !story) {
            return;
        }
        let list = document.getElementById("story-slides");
        if (!list) {
            buildFrame(slot);
            list = document.getElementById("story-slides");
        }
        const title = document.getElementById("story-title");
        if (title.value !== story.title) {
            title.value = story.title;
        }
        list.replaceChildren(...story.slides.map((slide, i) => slideItem(slide, i, story.slides.length)));
        slot.querySelector(".story-none").hidden = story.slides.length > 0;
        document.getElementById("story-add").disabled = story.slides.length >= limits.slides;
        if (focus) {
            focusAction(focus.index, focus.action);
        }
    }

    function buildFrame(slot) {
        texts = JSON.parse(slot.dataset.texts || "{}");
        limits = Object.assign(limits, JSON.parse(slot.dataset.limits || "{}"));
        const file = make("input", {type: "file", accept: ".json,application/json", className: "story-file"});
        file.id = "story-file";
        const title = make("input", {type: "text", maxLength: limits.title, className: "story-title-input"});
        title.id = "story-title";
        const add = make("button", {type: "button", className: "download-button", text: say("add")});
        add.id = "story-add";
        const fresh = make("button", {type: "button", className: "story-action", text: say("new")});
        fresh.id = "story-new";
        const list = make("ol", {className: "story-slides"});
        list.id = "story-slides";
        slot.replaceChildren(
            make("label", {className: "story-field", htmlFor: "story-title"}, [make("span", {text: say("title_label")})]),
            title,
            add,
            make("p", {className: "story-none", text: say("none")}),
            list,
            make("div", {className: "story-file-row"}, [
                fresh,
                make("label", {className: "story-import-label", htmlFor: "story-file", text: say("import")}),
                file,
            ]),
        );
    }

    function focusAction(index, action) {
        const items = document.querySelectorAll("#story-slides > li");
        const item = items[Math.max(0, Math.min(index, items.length - 1))];
        if (!item) {
            const add = document.getElementById("story-add");
            return add && add.focus();
        }
        const wanted = item.querySelector("[data-action='" + action + "']:not([disabled])")
            || item.querySelector("[data-action='up']:not([disabled]), [data-action='down']:not([disabled])")
            || item.querySelector("input");
        return wanted && wanted.focus();
    }

    function announce(text) {
        const live = document.getElementById("story-announce");
        if (live) {
            live.textContent = text;
        }
    }

    function change(update, focus, message) {
        update();
        keep();
        render(focus);
        if (message) {
            announce(message);
        }
    }

    function slideAction(action, index) {
        const slides = story.slides;
        const n = index + 1;
        const actions = {
            show: () => showView(slides[index].view, false),
            up: () => index > 0 && change(() => slides.splice(index - 1, 0, slides.splice(index, 1)[0]),
                {index: index - 1, action: "up"}, say("moved", {old: n, new: n - 1})),
            down: () => index < slides.length - 1 && change(() => slides.splice(index + 1, 0, slides.splice(index, 1)[0]),
                {index: index + 1, action: "down"}, say("moved", {old: n, new: n + 1})),
            duplicate: () => slides.length < limits.slides && change(() => slides.splice(index + 1, 0, JSON.parse(JSON.stringify(slides[index]))),
                {index: index + 1, action: "duplicate"}, say("added", {n: n + 1})),
            delete: () => change(() => slides.splice(index, 1), {index: index, action: "delete"}, say("removed", {n})),
            "add-callout": () => addCallout(index),
        };
        (actions[action] || (() => null))();
    }

    function addCallout(index) {
        const slide = story.slides[index];
        const template = document.getElementById("story-cities");
        const chosen = viewCity(slide.view) || (template && template.options.length ? template.options[0].value : "");
        if (!chosen || (slide.callouts || []).length >= limits.callouts) {
            return;
        }
        const [city, code] = chosen.split("|");
        change(() => { slide.callouts = (slide.callouts || []).concat([{city, country_code: code, note: ""}]); });
        const rows = document.querySelectorAll("#story-slides > li")[index].querySelectorAll(".story-callout-row select");
        rows[rows.length - 1].focus();
    }

    function addSlide() {
        if (story.slides.length >= limits.slides) {
            return;
        }
        change(() => story.slides.push({view: currentView(), title: "", caption: "", callouts: []}), null,
            say("added", {n: story.slides.length + 1}));
    }

    function onClick(event) {
        const target = event.target.closest && event.target.closest("#story-editor button");
        if (!target || !story) {
            return;
        }
        if (target.id === "story-add") {
            return addSlide();
        }
        if (target.id === "story-new") {
            window.dash_clientside.set_props("story-saved", {data: {}});
            return change(() => { story = emptyStory(); });
        }
        const item = target.closest("li.story-slide");
        const index = item ? Number(item.dataset.index) : -1;
        if (target.dataset.action === "remove-callout") {
            const i = Number(target.dataset.callout);
            return change(() => story.slides[index].callouts.splice(i, 1), {index, action: "add-callout"});
        }
        if (index >= 0) {
            slideAction(target.dataset.action, index);
        }
    }

    function onInput(event) {
        const field = event.target;
        if (!story || !field.closest || !field.closest("#story-editor")) {
            return;
        }
        if (field.id === "story-title") {
            story.title = field.value;
            return keep();
        }
        const item = field.closest("li.story-slide");
        const slide = item && story.slides[Number(item.dataset.index)];
        if (!slide || !field.dataset.field) {
            return;
        }
        if (field.dataset.callout !== undefined) {
            const callout = slide.callouts[Number(field.dataset.callout)];
            if (field.dataset.field === "city") {
                [callout.city, callout.country_code] = field.value.split("|");
            } else {
                callout.note = field.value;
            }
        } else {
            slide[field.dataset.field] = field.value;
        }
        keep();
    }

    async function onFile(event) {
        const input = event.target;
        if (input.id !== "story-file" || !input.files || !input.files.length) {
            return;
        }
        const file = input.files[0];
        const sent = {name: file.name.slice(0, 200), size: file.size, at: Date.now()};
        if (file.size <= limits.file) {
            sent.text = await file.text();
        }
        input.value = "";
        window.dash_clientside.set_props("story-import", {data: sent});
    }

    document.addEventListener("click", onClick);
    document.addEventListener("input", onInput);
    document.addEventListener("change", (event) => {
        if (event.target && event.target.tagName === "SELECT") {
            onInput(event);
        }
        onFile(event);
    });

    // --- showing a view, and the player ---------------------------------------------------------

    const openingLanguage = new URLSearchParams(window.location.search).get("lang");

    // The page goes to a view by its address, as share.js does (the state route then sets
    // every control); `present`: in presentation mode.
    function showView(view, present) {
        const params = new URLSearchParams((view || "").replace(/^\?/, ""));
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
            window.history.pushState({}, "", window.location.pathname + query);
            window.dispatchEvent(new CustomEvent("_dashprivate_pushstate"));
        }
    }

    let play = null;
    let shown = 0;
    let placing = [];
    let checking = [];

    function mapReady(then, tries) {
        const gd = document.querySelector("#map .js-plotly-plot");
        if (gd && gd._fullLayout && gd.on) {
            if (!gd.citylinksStory) {
                gd.citylinksStory = true;
                gd.on("plotly_afterplot", placeCallouts);
            }
            return then();
        }
        if (tries > 0) {
            setTimeout(() => mapReady(then, tries - 1), 100);
        }
        return null;
    }

    function markerBox(city, code) {
        const gd = document.querySelector("#map .js-plotly-plot");
        for (const group of gd ? gd.querySelectorAll(".geo .scatterlayer .trace") : []) {
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

    function placeCallouts() {
        const list = document.getElementById("story-callouts");
        if (!list || !play) {
            return;
        }
        Array.from(list.children).forEach((item) => {
            const box = markerBox(item.dataset.city, item.dataset.code);
            item.classList.toggle("placed", Boolean(box));
            if (!box) {
                item.style.left = item.style.top = "";
                return;
            }
            const width = item.offsetWidth;
            const right = box.right + 10 + width < window.innerWidth;
            item.classList.toggle("on-left", !right);
            item.style.left = (right ? box.right + 10 : box.left - 10 - width) + "px";
            item.style.top = (box.top + box.height / 2) + "px";
        });
    }

    function drawCallouts(callouts) {
        const list = document.getElementById("story-callouts");
        if (!list) {
            return;
        }
        list.replaceChildren(...callouts.map((callout) => make("li", {
            className: "story-callout", "data-city": callout.city, "data-code": callout.country_code,
        }, [make("strong", {text: callout.label || callout.city}), make("span", {text: callout.note ? " " + callout.note : ""})])));
        placing.forEach(clearTimeout);
        // The view arrives, then the camera moves: place them again as the map settles.
        placing = [200, 600, 1200, 2000, 3500].map((ms) => setTimeout(placeCallouts, ms));
    }

    function showSlide(index) {
        if (!play || !play.slides.length) {
            return;
        }
        shown = Math.max(0, Math.min(index, play.slides.length - 1));
        const slide = play.slides[shown];
        const count = play.slides.length;
        document.getElementById("story-slide-title").textContent = slide.title || play.title;
        document.getElementById("story-caption").textContent = slide.caption;
        const counter = document.getElementById("story-counter");
        counter.textContent = (shown + 1) + " / " + count;
        counter.setAttribute("aria-label", (counter.dataset.label || "{n} / {count}")
            .replace("{n}", String(shown + 1)).replace("{count}", String(count)));
        document.getElementById("story-prev").setAttribute("aria-disabled", String(shown === 0));
        document.getElementById("story-next").setAttribute("aria-disabled", String(shown === count - 1));
        showView(slide.view, true);
        drawCallouts(slide.callouts || []);
        // The page may still write the view it opened on (share.js waits for a view to settle
        // before it writes it): the slide's address is set again if that happened meanwhile.
        checking.forEach(clearTimeout);
        checking = [1200, 2500].map((ms) => setTimeout(() => {
            const asked = new URLSearchParams(slide.view.replace(/^\?/, ""));
            const now = new URLSearchParams(window.location.search);
            if (play.slides[shown] === slide && (now.get("present") !== "1" || now.get("year") !== asked.get("year"))) {
                showView(slide.view, true);
            }
        }, ms));
    }

    function fullScreen() {
        if (document.fullscreenElement) {
            return document.exitFullscreen();
        }
        return document.documentElement.requestFullscreen ? document.documentElement.requestFullscreen().catch(() => null) : null;
    }

    window.addEventListener("keydown", (event) => {
        if (!play || event.ctrlKey || event.metaKey || event.altKey || event.defaultPrevented) {
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
        }
        if (action) {
            // before the page's own keys (keys.js: the arrows step the year)
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
        }
    });
    window.addEventListener("resize", () => setTimeout(placeCallouts, 100));

    window.dash_clientside = window.dash_clientside || {};
    window.dash_clientside.citylinks = Object.assign(window.dash_clientside.citylinks || {}, {
        // The *Story* button and the panel's close button; the map's width changes.
        storyPanel: function (opened, closed, hidden) {
            const trigger = window.dash_clientside.callback_context.triggered_id;
            const show = trigger === "story-button" ? hidden : false;
            window.dash_clientside.citylinks.fit();
            return [!show, String(Boolean(show))];
        },
        // A story for the editor: imported, or the saved one its edit page opens; else the
        // tab's own (first call).
        storyLoad: function (loaded) {
            const slot = editor();
            if (!slot) {
                return window.dash_clientside.no_update;
            }
            if (!texts.add) {
                texts = JSON.parse(slot.dataset.texts || "{}");
            }
            if (loaded && loaded.story) {
                story = loaded.story;
            } else if (!story) {
                story = stored() || emptyStory();
            }
            keep();
            render(null);
            return String(story.slides.length);
        },
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
