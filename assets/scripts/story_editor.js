/*
 * The story builder (components/story_panel.py): the *Story* panel's editor of slides.
 *
 * It keeps the story being built in the tab's session storage and copies it into the
 * "story-data" store, which the server reads to check, save and export it; a story larger than
 * a story may be (limits.story bytes) is not sent: the store then holds its size only, and the
 * server says it is too large. Slides are drawn here with DOM calls: titles, captions, notes
 * and city names are set as text or form values, never as HTML. A slide's view is the page's
 * address query (assets/scripts/map_view.js viewQuery, as share.js writes it), taken from the
 * last view the map announced; *Show* sets it as the player does (story_player.js).
 * An imported file goes to the server as its bytes in base64 (a known bound on the request).
 */
(function () {
    "use strict";

    const SESSION_KEY = "citylinks-story";
    const FORMAT = "citylinks-story";
    const VERSION = 1;

    let story = null; // {format, version, title, slides: [{view, title, caption, callouts}]}
    let texts = {};
    let limits = {slides: 50, callouts: 6, title: 120, caption: 600, note: 140, file: 1048576, story: 1048576};
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

    const emptyStory = () => ({format: FORMAT, version: VERSION, title: say("new_title"), slides: []});

    function stored() {
        try {
            const value = JSON.parse(window.sessionStorage.getItem(SESSION_KEY) || "null");
            return value && value.format === FORMAT && Array.isArray(value.slides) ? value : null;
        } catch (error) {
            return null;
        }
    }

    function keep() {
        const text = JSON.stringify(story);
        try {
            window.sessionStorage.setItem(SESSION_KEY, text);
        } catch (error) {
            // a full or closed storage: the story stays in the page
        }
        const size = new TextEncoder().encode(text).length;
        window.dash_clientside.set_props("story-data", {data: size > limits.story ? {too_large: size} : story});
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

    const paramsOf = (view) => new URLSearchParams((view || "").replace(/^\?/, ""));

    function viewText(view) {
        const parts = Array.from(paramsOf(view).entries()).map(([name, value]) => name + "=" + value);
        return parts.length ? parts.join(" · ") : say("default_view");
    }

    function viewCity(view) {
        const params = paramsOf(view);
        const city = params.get("city"), code = params.get("country") || params.get("country_code");
        return city && code ? city + "|" + code : null;
    }

    // --- the editor ----------------------------------------------------------------------------

    const editor = () => document.getElementById("story-editor");

    function cityOptions(select, chosen) {
        const template = document.getElementById("story-cities");
        Array.from(template ? template.options : []).forEach((option) => {
            select.appendChild(make("option", {value: option.value, text: option.textContent}));
        });
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
        title.value = title.value !== story.title ? story.title : title.value;
        list.replaceChildren(...story.slides.map((slide, i) => slideItem(slide, i, story.slides.length)));
        slot.querySelector(".story-none").hidden = story.slides.length > 0;
        document.getElementById("story-add").disabled = story.slides.length >= limits.slides;
        return focus && focusAction(focus.index, focus.action);
    }

    function buildFrame(slot) {
        texts = JSON.parse(slot.dataset.texts || "{}");
        limits = Object.assign(limits, JSON.parse(slot.dataset.limits || "{}"));
        slot.replaceChildren(
            make("label", {className: "story-field", htmlFor: "story-title"}, [make("span", {text: say("title_label")})]),
            make("input", {id: "story-title", type: "text", maxLength: limits.title, className: "story-title-input"}),
            make("button", {id: "story-add", type: "button", className: "download-button", text: say("add")}),
            make("p", {className: "story-none", text: say("none")}),
            make("ol", {id: "story-slides", className: "story-slides"}),
            make("div", {className: "story-file-row"}, [
                make("button", {id: "story-new", type: "button", className: "story-action", text: say("new")}),
                make("label", {className: "story-import-label", htmlFor: "story-file", text: say("import")}),
                make("input", {id: "story-file", type: "file", accept: ".json,application/json", className: "story-file"}),
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

    function change(update, focus, message) {
        update();
        keep();
        render(focus);
        const live = document.getElementById("story-announce");
        if (message && live) {
            live.textContent = message;
        }
    }

    function slideAction(action, index) {
        const slides = story.slides;
        const n = index + 1;
        const actions = {
            show: () => window.dash_clientside.citylinks.storyShowView(slides[index].view, false),
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
            window.dash_clientside.set_props("story-saved", {data: {new: true}});
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
        const callout = field.dataset.callout !== undefined ? slide.callouts[Number(field.dataset.callout)] : null;
        if (callout && field.dataset.field === "city") {
            [callout.city, callout.country_code] = field.value.split("|");
        } else {
            (callout || slide)[field.dataset.field] = field.value;
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
            const bytes = new Uint8Array(await file.arrayBuffer());
            let binary = "";
            for (let i = 0; i < bytes.length; i += 8192) {
                binary += String.fromCharCode.apply(null, bytes.subarray(i, i + 8192));
            }
            sent.base64 = window.btoa(binary);
        }
        input.value = "";
        window.dash_clientside.set_props("story-import", {data: sent});
    }

    // A save refused (the story changed elsewhere): *Reload the saved story* opens its edit
    // page again, even when that is this very address (a link to it would not reload).
    function onReload(event) {
        const link = event.target.closest && event.target.closest("#story-reload");
        if (link && link.getAttribute("href")) {
            event.preventDefault();
            const to = new URL(link.getAttribute("href"), window.location.href);
            window.sessionStorage.removeItem(SESSION_KEY);
            if (to.pathname === window.location.pathname) {
                window.location.hash = to.hash;
                window.location.reload();
            } else {
                window.location.assign(to.href);
            }
        }
    }

    document.addEventListener("click", onClick);
    document.addEventListener("click", onReload);
    document.addEventListener("input", onInput);
    document.addEventListener("change", (event) => {
        if (event.target && event.target.tagName === "SELECT") {
            onInput(event);
        }
        onFile(event);
    });

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
    });
})();
