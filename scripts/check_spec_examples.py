"""Validates every example in an OpenAPI 3.0 document against the schema it is attached to.

Walks request bodies, responses and parameters (following `$ref`s to components), validates each
`example`/`examples` value with the OpenAPI 3.0 dialect of JSON Schema, and exits non-zero naming
the JSON pointer of every example that does not fit. Also fails when a document has no examples.
"""

import sys

import yaml
from openapi_schema_validator import OAS30Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4


BASE = "urn:spec"


def escape(token):
    return token.replace("~", "~0").replace("/", "~1")


def resolve(doc, node, pointer):
    """Follows a local `$ref` chain; returns the node it names and that node's JSON pointer."""
    while isinstance(node, dict) and "$ref" in node:
        ref = node["$ref"]
        if not ref.startswith("#/"):
            raise SystemExit(f"{pointer}: only local $refs are supported, found {ref}")
        pointer, node = ref, doc
        for part in ref[2:].split("/"):
            node = node[part.replace("~1", "/").replace("~0", "~")]
    return node, pointer


def examples_of(media):
    """Yields (suffix, value) for the example or named examples of a media type object."""
    if "example" in media:
        yield "/example", media["example"]
    for name, example in (media.get("examples") or {}).items():
        yield f"/examples/{name}/value", example.get("value")


def check(path):
    with open(path, encoding="utf-8") as f:
        doc = yaml.safe_load(f)
    registry = Registry().with_resource(BASE, Resource(contents=doc, specification=DRAFT4))
    checked, failures, seen = 0, [], set()

    def validate(pointer, schema_pointer, value):
        """Validates `value` against the schema at `schema_pointer`, so its `$ref`s resolve in the document."""
        nonlocal checked
        if pointer in seen:  # a shared component is checked once, however many operations use it
            return
        seen.add(pointer)
        checked += 1
        validator = OAS30Validator({"$ref": BASE + schema_pointer}, registry=registry)
        for error in validator.iter_errors(value):
            where = "/".join(str(p) for p in error.absolute_path)
            failures.append(f"{pointer}: at '/{where}': {error.message}")

    def media_examples(pointer, content):
        for ctype, media in (content or {}).items():
            media_pointer = f"{pointer}/content/{escape(ctype)}"
            for suffix, value in examples_of(media):
                validate(media_pointer + suffix, media_pointer + "/schema", value)

    for route, item in doc.get("paths", {}).items():
        for method, op in item.items():
            if method not in {"get", "put", "post", "delete", "patch", "head", "options", "trace"}:
                continue
            base = f"#/paths/{escape(route)}/{method}"
            if "requestBody" in op:
                body, body_pointer = resolve(doc, op["requestBody"], f"{base}/requestBody")
                media_examples(body_pointer, body.get("content"))
            for status, response in op.get("responses", {}).items():
                response, response_pointer = resolve(doc, response, f"{base}/responses/{status}")
                media_examples(response_pointer, response.get("content"))
            for index, param in enumerate(op.get("parameters", [])):
                param, param_pointer = resolve(doc, param, f"{base}/parameters/{index}")
                if "example" in param:
                    validate(f"{param_pointer}/example", f"{param_pointer}/schema", param["example"])

    for failure in failures:
        print(failure)
    print(f"{path}: {checked} examples checked, {len(failures)} failed")
    if checked == 0:
        print("no examples found: the spec must carry the documented examples")
        return 1
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(max(check(p) for p in sys.argv[1:]) if sys.argv[1:] else 2)
