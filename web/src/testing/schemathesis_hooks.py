"""Schemathesis hooks of the REST API fuzz test (web/src/e2e/api-fuzz.int.test.ts; docs/reliability.md).

Loaded through SCHEMATHESIS_HOOKS=schemathesis_hooks with this folder on PYTHONPATH. Settings come from the
environment the test sets:

- CSMS_FUZZ_ADMIN_TOKEN, CSMS_FUZZ_USER_TOKEN: the bearer tokens of the seeded admin and plain user;
- CSMS_FUZZ_PROTECTED_USERS, CSMS_FUZZ_PROTECTED_TOKEN_IDS: comma-separated user names and token ids the run must not
  delete, demote, promote or revoke, so the fuzzer keeps the identity it tests with from start to end.
"""

import os

import schemathesis

ROLE_RANK = {"public": 0, "user": 1, "admin": 2}
WRITE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}


def _list(name):
    return {item for item in os.environ.get(name, "").split(",") if item}


PROTECTED_USERS = _list("CSMS_FUZZ_PROTECTED_USERS")
PROTECTED_TOKEN_IDS = _list("CSMS_FUZZ_PROTECTED_TOKEN_IDS")
TOKEN_RANK = {
    os.environ.get("CSMS_FUZZ_ADMIN_TOKEN", "-"): ROLE_RANK["admin"],
    os.environ.get("CSMS_FUZZ_USER_TOKEN", "-"): ROLE_RANK["user"],
}


@schemathesis.hook
def before_call(context, case, kwargs):
    """Points writes aimed at the run's own users and tokens at a neighbour that does not exist.

    Without this, one generated `DELETE /tokens/1` revokes the admin token and every later case only tests 401.
    """
    if case.method.upper() not in WRITE_METHODS or not case.path_parameters:
        return
    params = case.path_parameters
    if str(params.get("username")) in PROTECTED_USERS:
        params["username"] = f"{params['username']}-not-protected"
    if str(params.get("tokenId")) in PROTECTED_TOKEN_IDS:
        params["tokenId"] = 900_000_000 + int(params["tokenId"])


def _caller_rank(request_headers):
    """The role of the credentials the request really carried (a case may drop or replace the configured header)."""
    authorization = request_headers.get("Authorization") or request_headers.get("authorization") or ""
    if not authorization.startswith("Bearer "):
        return 0
    return TOKEN_RANK.get(authorization[len("Bearer "):], 0)


def _error_code(response):
    try:
        body = response.json()
    except Exception:
        return None
    error = body.get("error") if isinstance(body, dict) else None
    return error.get("code") if isinstance(error, dict) else None


def _missed_route(response):
    """A 404/405 from the router itself: the generated path never reached this operation (e.g. an id of `..`)."""
    if response.status_code not in (404, 405):
        return False
    try:
        message = response.json()["error"]["message"]
    except Exception:
        return False
    return message.startswith("no such API path") or message.endswith("is not allowed here")


@schemathesis.check
def role_enforced(ctx, response, case):
    """Every operation answers as its `x-required-role` demands for the caller's role.

    Too low a role: no credentials (or unknown ones) get 401 Unauthorized, a plain user on an admin route gets 403
    Forbidden, whatever the input. A sufficient role never gets 401/403 (except sign-in's own 401 for a wrong password).
    """
    if response.request.method != case.method.upper():
        return None  # a probe with another method (unsupported_method), judged by that check
    required = case.operation.definition.raw.get("x-required-role")
    if required not in ROLE_RANK:
        raise AssertionError(f"{case.operation.label} documents no valid x-required-role: {required!r}")
    if _missed_route(response):
        return None
    need = ROLE_RANK[required]
    have = _caller_rank(response.request.headers)
    status = response.status_code
    code = _error_code(response)
    if have < need:
        expected = (401, "Unauthorized") if have == 0 else (403, "Forbidden")
        if (status, code) != expected:
            who = "a request without valid credentials" if have == 0 else "a plain user"
            raise AssertionError(
                f"{case.operation.label} needs the {required} role, but {who} got {status} {code or ''} "
                f"instead of {expected[0]} {expected[1]}"
            )
    elif required != "public" and status in (401, 403):
        raise AssertionError(f"{case.operation.label} refused a caller who has the {required} role: {status} {code or ''}")
    return None


FETCH_FORBIDDEN_METHODS = {"TRACE", "TRACK", "CONNECT"}

# Server rules a JSON Schema cannot state (one field compared with another, the IANA time zone list, a signature):
# the document says them in words. A schema-valid request refused by exactly one of them, with that field and message, is right.
RULES_IN_WORDS = {
    ("ValidationFailed", "basicAuthUsername", "basicAuthUsername: must equal the station id"),
    # a station of profile 1 or 2 authenticates with its password; one without could never connect
    ("ValidationFailed", "basicAuthPassword", "basicAuthPassword: security profiles 1 and 2 need a password (profile 0 runs without one)"),
    ("ValidationFailed", "to", "to: must be after from"),
    ("ValidationFailed", "expiresAt", "expiresAt: must be in the future"),
    ("ValidationFailed", "timeZone", "timeZone: unknown IANA time zone"),
    # Stripe's webhook: only Stripe can sign an event (an HMAC of the raw body with the webhook secret)
    ("InvalidSignature", None, "webhook signature not verified"),
    # a certificate is checked by parsing it as X.509, which no string schema can state
    ("ValidationFailed", "certificate", "certificate: not a PEM-encoded X.509 certificate"),
    # an uploaded file must not be empty (a binary part has no length a schema could bound)
    ("ValidationFailed", "file", "choose a firmware file"),
    # a reservation: exactly one of two fields, and an expiry relative to now
    ("ValidationFailed", "expiresAt", "expiresAt: give exactly one of expiresAt and expiresInMinutes"),
    ("ValidationFailed", "expiresAt", "expiresAt must lie in the future"),
    ("ValidationFailed", "expiresAt", "a reservation may last a week at most"),
    # a signed firmware update: the certificate and the signature come together with `signed`
    ("ValidationFailed", "signingCertificate", "signingCertificate: a signed update needs signingCertificate and signature"),
}

# The OCPP 1.6 charging-profile rules (docs/ocpp-1.6.md, Smart charging): one field against another, a limit's
# decimals, the periods' order. The field names a place in the profile (with indexes), so the message decides.
PROFILE_RULES = (
    "a limit has at most one decimal (OCPP 1.6: multiples of 0.1)",
    "at most one decimal",
    "the first period starts at 0",
    "periods must start in ascending order, each after the one before",
    "every period must start before the end of the schedule (duration)",
    "a Relative profile has no startSchedule (it starts with the transaction)",
    "an Absolute profile needs a startSchedule",
    "an Recurring profile needs a startSchedule",
    "a Recurring profile needs a recurrencyKind (Daily or Weekly)",
    "only a Recurring profile has a recurrencyKind",
    "a Daily schedule lasts at most 86400 s",
    "a Weekly schedule lasts at most 604800 s",
    "validTo must be after validFrom",
    "a ChargePointMaxProfile is for the whole station: connectorId 0",
    "a TxProfile is for a connector (1 or more) with a running transaction",
    "a TxProfile needs the transactionId of the running transaction on its connector",
    "only a TxProfile has a transactionId",
)

# Refusals by the system's state, not the request's shape: a tag it does not accept (unknown, blocked, expired) and a
# transaction that is not running, as the command operations' descriptions say.
STATE_CODES = {"TagNotAccepted", "NoOpenTransaction"}


def _follows_rule_in_words(case, response):
    code, field, message = _error(response)
    if (code, field, message) in RULES_IN_WORDS:
        return True
    if code in STATE_CODES:
        return True
    if code == "ValidationFailed" and field and message:
        if any(message == f"{field}: {rule}" for rule in PROFILE_RULES):
            return True
        if field == "transactionId" and " is not running on connector " in message:
            return True
    # a CSV import checks the file's header and cells itself (400 naming line and column), as its description says
    return case.path.startswith("/api/v1/imports/") and code == "ValidationFailed" and field in (None, "csv")


def _error(response):
    try:
        error = response.json()["error"]
        return error.get("code"), error.get("field"), error.get("message")
    except Exception:
        return None, None, None


@schemathesis.hook
def filter_failure(context, failure, case, response):
    """Drops two kinds of known, documented deviations (docs/reliability.md, "Hostile HTTP input").

    1. adapter-node answers a method the Fetch API cannot carry (TRACE, TRACK, CONNECT) with a plain `400 Bad Request`
       before the app and its JSON 405 run; nothing is echoed, so TRACE cannot leak headers.
    2. `positive_data_acceptance` on a 400 that names one of RULES_IN_WORDS, or a CSV import's verdict on its file.

    Schemathesis counts every dropped failure in its summary; the test records the count.
    """
    if response is None:
        return True
    if (
        response.request.method in FETCH_FORBIDDEN_METHODS
        and response.status_code == 400
        and response.content == b"Bad Request"
    ):
        return False
    if getattr(failure, "code", None) == "ST202" and response.status_code == 400 and _follows_rule_in_words(case, response):
        return False
    return True
