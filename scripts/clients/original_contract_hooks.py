"""schemathesis hooks for scripts/original-contract-test.sh: the original system's OpenAPI spec
(scripts/clients/original/openapi.yaml), narrowed by exactly the differences README.md lists
under "Differences from the original", and nothing else. schemathesis then generates only
requests the original's spec allows and our documented rules allow too: each must get a status
the original documents (no 400, no 5xx), with the body its spec describes.

Each narrowing names its row of that table. Loaded with SCHEMATHESIS_HOOKS=original_contract_hooks
(PYTHONPATH=scripts/clients).
"""

import schemathesis

# Visible ASCII, "!" to "~": the characters an id may hold (README: "user_id").
VISIBLE_ASCII = r"[!-~]"
# PostgreSQL text cannot hold NUL; Rust's char::is_control is Unicode category Cc.
CONTROL = r"\x00-\x1f\x7f-\x9f"


@schemathesis.hook
def before_load_schema(context, raw_schema):
    schemas = raw_schema["components"]["schemas"]

    order = schemas["Order"]
    # "Unknown fields": an order with a field we do not know is refused (a misspelt field is
    # a bug of the client, not something to ignore).
    order["additionalProperties"] = False
    props = order["properties"]
    # "user_id": 1 to 64 visible ASCII characters (the original took any string, "" included).
    props["user_id"]["pattern"] = rf"^{VISIBLE_ASCII}{{1,64}}$"
    # "number_of_items": a whole number from 1, as digits (the original stored any string).
    # Narrower than our rule (which goes to 2147483647) only to keep the pattern short.
    props["number_of_items"]["pattern"] = r"^0*[1-9][0-9]{0,8}$"
    # "total_amount": an exact decimal, 0 to 9999999999.99, at most 2 decimals (the original
    # stored "abc" as an amount).
    props["total_amount"]["pattern"] = r"^0*[0-9]{1,10}(\.[0-9]{1,2})?$"

    movie_input = schemas["MovieInput"]
    # "Unknown fields", for movies too.
    movie_input["additionalProperties"] = False
    title = movie_input["properties"]["title"]
    # "Movie title": 1 to 255 characters, not blank, no control character.
    title["maxLength"] = 255
    title["pattern"] = rf"^[^{CONTROL}]*[^\s{CONTROL}][^{CONTROL}]*$"
    description = movie_input["properties"]["description"]
    # "Movie description": at most 4,000 characters, no NUL.
    description["maxLength"] = 4000
    description["pattern"] = r"^[^\x00]*$"
