"""Decoding the JSON a client sends: a request body, the ``variables`` and ``extensions``
of a GET, a multipart request's ``operations`` and ``map``, and each WebSocket message.

Python's decoder takes things GraphQL requests never hold, and each used to fail later
as an HTTP 500: a body that is ``null``, ``true`` or a string instead of an object;
arrays nested a thousand deep (a ``RecursionError`` in the decoder); a 5,000-digit
number (``ValueError`` from ``int``); ``1e999999`` (infinity) and ``NaN``. Here each is
refused while decoding, as an ``UnfitJson`` naming what to send instead, which the
GraphQL view answers with HTTP 400 ``BAD_USER_INPUT`` (or closes a WebSocket with 4400).
"""

from __future__ import annotations

import json
import math
from typing import Any

# Deeper than any GraphQL request needs: list filters nest and/or/not at most 6 levels
# (two JSON levels each, graph_api.schema.filters), other inputs 3 levels.
MAX_NESTING = 32
# Int is 32-bit and a Float has 17 significant digits; 40 characters hold either.
MAX_NUMBER_CHARS = 40


class UnfitJson(json.JSONDecodeError):
    """JSON that decodes but that no GraphQL request holds; its message says why."""

    def __init__(self, message: str) -> None:
        super().__init__(message, "", 0)
        self.message = message

    def __str__(self) -> str:
        return self.message


def decode_client_json(data: str | bytes) -> dict[str, Any]:
    """The JSON object ``data`` holds. Raises ``json.JSONDecodeError`` for text that is
    not JSON, and its subclass ``UnfitJson`` for JSON that is not a GraphQL request's."""
    try:
        value = json.loads(
            data, parse_int=_integer, parse_float=_finite, parse_constant=_no_constant
        )
    except RecursionError:
        raise _too_deep() from None
    except UnfitJson:
        raise
    except UnicodeDecodeError:
        raise UnfitJson("The request is not UTF-8 text; send JSON encoded as UTF-8.") from None
    except ValueError as error:
        if isinstance(error, json.JSONDecodeError):
            raise
        raise UnfitJson(f"A number in the request could not be read: {error}.") from None
    # Depth first: Python 3.12's decoder takes arrays a thousand deep where 3.11's
    # recursed too deep, and the answer should not depend on the version.
    if _nesting(value) > MAX_NESTING:
        raise _too_deep()
    if not isinstance(value, dict):
        raise UnfitJson(
            f"The request holds a JSON {_json_kind(value)} where a JSON object was expected"
        )
    return value


def _integer(text: str) -> int:
    if len(text) > MAX_NUMBER_CHARS:
        raise _long_number(text)
    return int(text)


def _finite(text: str) -> float:
    if len(text) > MAX_NUMBER_CHARS:
        raise _long_number(text)
    number = float(text)
    if not math.isfinite(number):
        raise UnfitJson(f"The number {text} is too large to use.")
    return number


def _no_constant(text: str) -> Any:
    raise UnfitJson(f"{text} is not a JSON number; send a number, or null.")


def _long_number(text: str) -> UnfitJson:
    return UnfitJson(
        f"A number of {len(text)} characters was sent; numbers may have at most "
        f"{MAX_NUMBER_CHARS}. Send the value as text if it is an identifier."
    )


def _too_deep() -> UnfitJson:
    return UnfitJson(
        f"The request nests lists or objects more than {MAX_NESTING} deep; "
        "no argument of this API needs that."
    )


def _nesting(value: Any) -> int:
    """How deep lists and objects nest in ``value`` (without recursion)."""
    deepest = 0
    pending: list[tuple[Any, int]] = [(value, 1)]
    while pending:
        item, depth = pending.pop()
        if isinstance(item, dict):
            children: Any = item.values()
        elif isinstance(item, list):
            children = item
        else:
            continue
        deepest = max(deepest, depth)
        if depth > MAX_NESTING:
            break
        pending.extend((child, depth + 1) for child in children)
    return deepest


def _json_kind(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true/false value"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    return "number"
