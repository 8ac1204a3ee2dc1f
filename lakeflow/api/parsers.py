"""Request parsers. Databricks reads a request body as JSON whatever its Content-Type says, and its
documented curl examples (`curl -X POST .../api/2.2/jobs/create --data @job.json`) send JSON
labelled application/x-www-form-urlencoded, curl's default; Lakeflow accepts them the same way."""

from __future__ import annotations

from rest_framework.parsers import BaseParser, JSONParser


class UnlabelledJSONParser(BaseParser):
    """A body sent as application/x-www-form-urlencoded, read as JSON (a body that is not JSON is
    refused as MALFORMED_REQUEST, like any malformed JSON). Not a JSONParser subclass, so the
    schema's parser whitelist leaves it out."""

    media_type = "application/x-www-form-urlencoded"

    def parse(self, stream, media_type=None, parser_context=None):
        return JSONParser().parse(stream, "application/json", parser_context)
