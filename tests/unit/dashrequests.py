"""Callback requests as Dash's renderer sends them, for tests that post to a live app."""

from __future__ import annotations

import json
from typing import Any

from components import ids

# The value a MATCH wildcard takes in these requests (a pattern callback answers for one
# component): the story exports' "builder" (components/story_exports.py).
MATCH_VALUE = "builder"


def _concrete(pattern: dict) -> dict:
    return {k: (MATCH_VALUE if v == ["MATCH"] else v) for k, v in pattern.items()}


def _outputs_of(key: str) -> dict | list[dict]:
    def one(text: str) -> dict:
        component, prop = text.rsplit(".", 1)
        ident = _concrete(json.loads(component)) if component.startswith("{") else component
        return {"id": ident, "property": prop.split("@")[0]}

    if key.startswith(".."):  # several outputs: "..a.children...b.value.."
        return [one(part) for part in key[2:-2].split("...")]
    return one(key)


def _entry(dependency: dict, value: Any) -> dict | list[dict]:
    """One input or state. A pattern-matching one (ALL) is a list, one entry per component:
    each item of a list value becomes a component whose wildcard key is its position."""
    if not dependency["id"].startswith("{"):
        return {**dependency, "value": value}
    pattern = json.loads(dependency["id"])
    if ["ALL"] not in pattern.values():  # MATCH: one component
        return {"id": _concrete(pattern), "property": dependency["property"], "value": value}
    items = value if isinstance(value, list) else [value]
    return [
        {
            "id": {k: (n if v == ["ALL"] else v) for k, v in pattern.items()},
            "property": dependency["property"],
            "value": item,
        }
        for n, item in enumerate(items)
    ]


def _changed(dependency: dict) -> str:
    ident = dependency["id"]
    if ident.startswith("{"):
        ident = json.dumps(_concrete(json.loads(ident)), separators=(",", ":"))
    return f"{ident}.{dependency['property']}"


def callback_request(key: str, spec: dict, inputs: list[Any], state: list[Any]) -> str:
    """The JSON body for callback `key` of app.callback_map, with these input and state values."""
    body = {
        "output": key,
        "outputs": _outputs_of(key),
        "inputs": [_entry(i, v) for i, v in zip(spec["inputs"], inputs, strict=True)],
        "state": [_entry(s, v) for s, v in zip(spec.get("state", []), state, strict=True)],
        "changedPropIds": [_changed(i) for i in spec["inputs"][:1]],
    }
    return json.dumps(body, allow_nan=True)


def callback_key(app, output: str) -> str:
    """The key in app.callback_map of the callback that writes `output` ("id.property")."""
    return next(k for k in app.callback_map if output in k)


def post_callback(client, app, key: str, inputs: list[Any], state: list[Any]):
    return client.post(
        "/_dash-update-component",
        data=callback_request(key, app.callback_map[key], inputs, state),
        content_type="application/json",
    )


def post_as_page(client, app, key: str, inputs: list, state: list, *, prefix="/", pressed=None):
    """A callback request as the page's renderer sends it (JSON.stringify: UTF-8 as it is),
    under `prefix` (a saved map's or story's address), `pressed` the button that fired it; its
    answer's "response"."""
    body = json.loads(callback_request(key, app.callback_map[key], inputs, state))
    if pressed:
        body["changedPropIds"] = [f"{pressed}.n_clicks"]
    answer = client.post(
        prefix + "_dash-update-component",
        data=json.dumps(body, ensure_ascii=False).encode("utf-8"),
        content_type="application/json",
    )
    assert answer.status_code == 200, answer.get_data(as_text=True)
    return answer.get_json()["response"]


def save_story(client, app, data, *, saved=None, key="", lang="en", prefix="/", as_new=False):
    """The story builder's save callback as a tab sends it (*Save the story*, or *Save as a new
    story*)."""
    return post_as_page(
        client,
        app,
        callback_key(app, f"{ids.STORY_SAVED}.data"),
        [1, 1 if as_new else 0],
        [data, key, saved, lang],
        prefix=prefix,
        pressed=ids.STORY_SAVE_NEW if as_new else ids.STORY_SAVE,
    )
