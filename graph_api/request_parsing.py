"""How the GraphQL view reads what a client sends, stricter than Strawberry's own: every
JSON text (a body, GET ``variables``, a multipart request's parts, a WebSocket message)
goes through ``graph_api.client_json``, and whatever no GraphQL request holds is an
HTTP 400 whose reason reaches the client, never an HTTP 500 from deeper in Strawberry.
A mixin of ``graph_api.graphql_http.GraphQLApp``, placed before Strawberry's view."""

from __future__ import annotations

import json
from typing import Any

from cross_web import HTTPException

from graph_api.client_json import UnfitJson, decode_client_json

_OBJECTS = ("variables", "extensions")  # GET parameters that hold JSON objects
_MAP_HELP = (
    "The multipart request's map does not fit its operations. Map each file part to a list "
    'of places that hold null in the operations, such as {"0": ["variables.files.0"]} '
    "(https://github.com/jaydenseric/graphql-multipart-request-spec)."
)


class StrictRequestParsing:
    """Strawberry's parsing hooks, overridden (see the module)."""

    def decode_json(self, data: str | bytes) -> object:
        """A client's JSON, refused unless it is an object fit for a GraphQL request
        (``graph_api.client_json``): used for bodies, GET parameters, multipart parts
        and WebSocket messages alike."""
        return decode_client_json(data)

    def parse_json(self, data: str | bytes) -> Any:
        """As Strawberry's, but an unfit request's reason reaches the client."""
        try:
            return self.decode_json(data)
        except UnfitJson as unfit:
            raise HTTPException(400, unfit.message) from None
        except json.JSONDecodeError:
            raise HTTPException(400, "Unable to parse request body as JSON") from None

    async def parse_multipart(self, request: Any) -> dict[str, str]:
        """As Strawberry's, but a ``map`` naming places its ``operations`` lack (a list
        index past the end, a path into a string, a path that is not text) is a 400."""
        try:
            parsed: dict[str, str] = await super().parse_multipart(request)  # type: ignore[misc]
            return parsed
        except (TypeError, IndexError, AttributeError):
            raise HTTPException(400, _MAP_HELP) from None

    def parse_query_params(self, params: Any) -> dict[str, Any]:
        """GET parameters, where ``variables=null`` means no variables, as in a body."""
        kept = {k: v for k, v in params.items() if v != "null" or k not in _OBJECTS}
        parsed: dict[str, Any] = super().parse_query_params(kept)  # type: ignore[misc]
        return parsed
