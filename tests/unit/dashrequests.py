"""Callback requests as Dash's renderer sends them, for tests that post to a live app."""

from __future__ import annotations

import json
from typing import Any


def _outputs_of(key: str) -> dict | list[dict]:
    def one(text: str) -> dict:
        component, prop = text.rsplit(".", 1)
        return {"id": component, "property": prop.split("@")[0]}

    if key.startswith(".."):  # several outputs: "..a.children...b.value.."
        return [one(part) for part in key[2:-2].split("...")]
    return one(key)


def _entry(dependency: dict, value: Any) -> dict | list[dict]:
    """One input or state. A pattern-matching one (ALL) is a list, one entry per component:
    each item of a list value becomes a component whose wildcard key is its position."""
    if not dependency["id"].startswith("{"):
        return {**dependency, "value": value}
    pattern = json.loads(dependency["id"])
    items = value if isinstance(value, list) else [value]
    return [
        {
            "id": {k: (n if v == ["ALL"] else v) for k, v in pattern.items()},
            "property": dependency["property"],
            "value": item,
        }
        for n, item in enumerate(items)
    ]


def callback_request(key: str, spec: dict, inputs: list[Any], state: list[Any]) -> str:
    """The JSON body for callback `key` of app.callback_map, with these input and state values."""
    body = {
        "output": key,
        "outputs": _outputs_of(key),
        "inputs": [_entry(i, v) for i, v in zip(spec["inputs"], inputs, strict=True)],
        "state": [_entry(s, v) for s, v in zip(spec.get("state", []), state, strict=True)],
        "changedPropIds": [f"{i['id']}.{i['property']}" for i in spec["inputs"][:1]],
    }
    return json.dumps(body, allow_nan=True)


def post_callback(client, app, key: str, inputs: list[Any], state: list[Any]):
    return client.post(
        "/_dash-update-component",
        data=callback_request(key, app.callback_map[key], inputs, state),
        content_type="application/json",
    )
