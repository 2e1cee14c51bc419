#!/usr/bin/env python3
"""Generate the ecetoken test fixtures under Fixtures/.

Run from the repository root:

    swift build && python3 Scripts/make-fixtures.py [--ecetoken PATH]

Every well-formed, ECE-shaped token signed with the synthetic secret (including the three install-time
tokens inside bootstrap-secrets.json) is made by the built tool itself:

    ecetoken mint --secret-file Fixtures/secret.txt --subject UUID --roles LIST \
        --persistent | --ephemeral --validity 3600 --now EXP-3600 [--issuer I]

(--ecetoken defaults to .build/debug/ecetoken). Each minted token is cross-checked against this script's
own HMAC, so a change in how the tool mints shows up here as an error. Tokens the tool cannot make
(hostile inputs, 2017-style tokens without `persistent`, claims of the wrong type, extra claims, other
headers, the other installation's secret) are signed here in Python.

The output is deterministic: fixed secrets, fixed UUIDs, fixed times, no randomness and no wall clock
(mint's --now and --subject pin what it would otherwise take from the clock and a random generator).
Running the script twice writes byte-identical files. It uses the Python standard library only.

THE SECRETS HERE ARE SYNTHETIC TEST VALUES. They belong to no ECE installation.

Conventions (see ../shared/docs/ece-tokens.md, "Wire format" and "The signing secret"):
- A secret is base64url (with its one "=" of padding) of 32 fixed bytes; the HMAC key is the UTF-8
  bytes of that 44-character string as written, never base64-decoded, exactly as ECE does.
- Every normal token has the header bytes {"typ":"JWT","alg":"HS256"} and compact claims in ECE's
  order: sub, roles, iss, persistent, then exp for ephemeral tokens.
- Each token file holds the token and exactly one "\\n".

Expected exit codes in Fixtures/manifest.json assume
`ecetoken verify|inspect --secret-file Fixtures/secret.txt --now 1800000000`:
0 pass, 1 a check failed, 2 signature invalid, 3 malformed. `inspect` exits 0 for anything that decodes
(categories 0, 1 and 2) and 3 for malformed input.
"""

import argparse
import base64
import hashlib
import hmac
import json
import os
import shlex
import subprocess
import sys

# --------------------------------------------------------------------------------------------------
# Fixed values
# --------------------------------------------------------------------------------------------------

FAR_FUTURE = 4102444800  # 2100-01-01T00:00:00Z
EXPIRED = 1767225600  # 2026-01-01T00:00:00Z
NOW = 1800000000  # the --now the manifest's exit codes assume (2027-01-15T08:00:00Z)
MAX_TOKEN_BYTES = 16384  # the size cap the manifest assumes for "oversized"

HEADER_JSON = b'{"typ":"JWT","alg":"HS256"}'

ALL_ROLES = ["allocator", "coordinator", "proxy", "director"]


def make_secret(seed: bytes) -> str:
    """A 44-character base64url string (one '=' of padding) of sha256(seed)."""
    secret = base64.urlsafe_b64encode(hashlib.sha256(seed).digest()).decode("ascii")
    assert len(secret) == 44 and secret.endswith("=") and not secret.endswith("==")
    return secret


SECRET = make_secret(b"ecetoken synthetic fixture secret")
OTHER_SECRET = make_secret(b"ecetoken other installation secret")

# The two tokens quoted verbatim in ece-tokens.md ("Tokens published in the ECE docs"). Their secret is
# unknown: decode-only.
ECE_DOCS_EPHEMERAL_2017 = (
    "eyJ0eXAiOiJKV1QiLCJhbGciOiJIUzI1NiJ9."
    "eyJzdWIiOiI0Njk3N2I3ZC1hM2U2LTQ2MDUtYjcwZC0xNzIzMTI5YWY4ZTQiLCJyb2xlcyI6WyJwcm94eSIsImFsbG9jYXRv"
    "ciJdLCJpc3MiOiJib290c3RyYXAtaW5pdGlhbCIsImV4cCI6MTQ5MzY0NjIxM30."
    "xsaRb72CsNMuXKy6Y-PJgqLc0qmjCljlB4Smcx_MRxg"
)
ECE_DOCS_PERSISTENT_2017 = (
    "eyJ0eXAiOiJKV1QiLCJhbGciOiJIUzI1NiJ9."
    "eyJzdWIiOiI0Yzg5OTBkZi0xZmI3LTQ4MjAtYjg2OC02YmM5ZTg4NjA4MTQiLCJyb2xlcyI6WyJwcm94eSIsImFsbG9jYXRv"
    "ciJdLCJpc3MiOiJib290c3RyYXAtaW5pdGlhbCJ9."
    "mfTkO4j8uZJ-qwB2jmBuMScyYfLmcJpvKgSTLx2WV24"
)

# --------------------------------------------------------------------------------------------------
# Encoding helpers
# --------------------------------------------------------------------------------------------------


def b64url(data: bytes) -> str:
    """base64url without padding (RFC 7515 section 2)."""
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def b64url_decode(text: str) -> bytes:
    """Lenient base64url decoding (adds padding; Python ignores non-zero trailing bits)."""
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def compact(obj) -> bytes:
    """Compact JSON as ECE writes it; insertion order is kept."""
    return json.dumps(obj, separators=(",", ":")).encode("ascii")


def mac(signing_input: bytes, secret: str = SECRET) -> bytes:
    """HMAC-SHA256 keyed with the UTF-8 bytes of the secret as written (never base64-decoded)."""
    return hmac.new(secret.encode("utf-8"), signing_input, hashlib.sha256).digest()


def sign_raw(header: bytes, payload: bytes, secret: str = SECRET) -> str:
    """A compact JWS of raw header and payload bytes, with a valid HS256 signature."""
    signing_input = b64url(header) + "." + b64url(payload)
    return signing_input + "." + b64url(mac(signing_input.encode("ascii"), secret))


def sign(claims, secret: str = SECRET) -> str:
    """A normal token: the ECE header and compact claims."""
    return sign_raw(HEADER_JSON, compact(claims), secret)


def fixture_uuid(name: str) -> str:
    """A fixed, version-4-shaped UUID derived from a name (deterministic, no randomness)."""
    b = bytearray(hashlib.sha256(b"ecetoken fixture uuid " + name.encode("utf-8")).digest()[:16])
    b[6] = (b[6] & 0x0F) | 0x40
    b[8] = (b[8] & 0x3F) | 0x80
    h = b.hex()
    return f"{h[0:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:32]}"


def persistent_claims(name: str, roles, **extra):
    claims = {"sub": fixture_uuid(name), "roles": roles, "iss": "current", "persistent": True}
    claims.update(extra)
    return claims


def ephemeral_claims(name: str, roles, exp):
    return {"sub": fixture_uuid(name), "roles": roles, "iss": "current", "persistent": False, "exp": exp}


def json_text(obj) -> bytes:
    """Pretty-printed JSON (2-space indent) and one newline."""
    return (json.dumps(obj, indent=2) + "\n").encode("ascii")


def parts(token: str):
    h, p, s = token.split(".")
    return h, p, s


# --------------------------------------------------------------------------------------------------
# Registry of generated files
# --------------------------------------------------------------------------------------------------

FILES = {}  # path -> bytes, in generation order
MANIFEST = []  # entries for token and hostile inputs
NORMAL_TOKENS = {}  # path -> (token, secret): tokens whose signature must verify


def put(path: str, data: bytes):
    assert path not in FILES, path
    FILES[path] = data


def add(path, data: bytes, description, verify_exit, inspect_exit, notes):
    put(path, data)
    MANIFEST.append(
        {
            "path": path,
            "description": description,
            "verify_exit": verify_exit,
            "inspect_exit": inspect_exit,
            "notes": notes,
        }
    )


def token_file(token: str) -> bytes:
    return token.encode("utf-8") + b"\n"


def add_token(name, token, description, verify_exit, notes, secret=SECRET, inspect_exit=0):
    path = f"Fixtures/tokens/{name}"
    add(path, token_file(token), description, verify_exit, inspect_exit, notes)
    if secret is not None:
        NORMAL_TOKENS[path] = (token, secret)
    return token


def add_hostile(name, data, description, verify_exit, inspect_exit, notes):
    if isinstance(data, str):
        data = token_file(data)
    add(f"Fixtures/hostile/{name}", data, description, verify_exit, inspect_exit, notes)


# --------------------------------------------------------------------------------------------------
# Minting with the built tool
# --------------------------------------------------------------------------------------------------

SECRET_FILE = "Fixtures/secret.txt"
EPHEMERAL_VALIDITY = 3600  # mint --validity for ephemeral fixtures; --now is exp minus this
MINT_CLAIM_ORDER = ["sub", "roles", "iss", "persistent"]


def parse_arguments():
    parser = argparse.ArgumentParser(
        description="Generate the ecetoken test fixtures under Fixtures/ (run from the repository root,"
        " after `swift build`)."
    )
    parser.add_argument(
        "--ecetoken",
        metavar="PATH",
        default=".build/debug/ecetoken",
        help="the built ecetoken binary that mints the fixture tokens (default: %(default)s)",
    )
    return parser.parse_args()


ARGS = parse_arguments()
if not os.path.isfile("Package.swift"):
    raise SystemExit("run from the repository root: swift build && python3 Scripts/make-fixtures.py")
ECETOKEN = ARGS.ecetoken
if not (os.path.isfile(ECETOKEN) and os.access(ECETOKEN, os.X_OK)):
    raise SystemExit(
        f"error: no ecetoken binary at {ECETOKEN}: the fixture tokens are made with `ecetoken mint`.\n"
        "Run `swift build` first (swift build && python3 Scripts/make-fixtures.py), or pass --ecetoken PATH."
    )


def ensure_secret_file():
    """mint reads the secret from Fixtures/secret.txt, so it must hold SECRET before the first mint."""
    data = (SECRET + "\n").encode("ascii")
    try:
        with open(SECRET_FILE, "rb") as f:
            if f.read() == data:
                return
    except FileNotFoundError:
        pass
    os.makedirs(os.path.dirname(SECRET_FILE), exist_ok=True)
    with open(SECRET_FILE, "wb") as f:
        f.write(data)


def mint_arguments(claims):
    """The `ecetoken mint` arguments that make a token with exactly these claims (ECE shape only)."""
    persistent = claims.get("persistent")
    expected = MINT_CLAIM_ORDER + ([] if persistent else ["exp"])
    assert list(claims) == expected, f"mint cannot make claims {list(claims)}"
    assert isinstance(persistent, bool), claims
    roles = claims["roles"]
    assert all(isinstance(r, str) and r and "," not in r and " " not in r for r in roles), roles
    assert isinstance(claims["sub"], str) and isinstance(claims["iss"], str), claims
    argv = ["mint", "--secret-file", SECRET_FILE, "--subject", claims["sub"], "--roles", ",".join(roles)]
    if persistent:
        argv.append("--persistent")
    else:
        exp = claims["exp"]
        assert type(exp) is int, claims
        argv += ["--ephemeral", "--validity", str(EPHEMERAL_VALIDITY), "--now", str(exp - EPHEMERAL_VALIDITY)]
    if claims["iss"] != "current":
        argv += ["--issuer", claims["iss"]]
    return argv


def mint(claims) -> str:
    """A normal token made by `ecetoken mint`, checked against this script's own signing."""
    ensure_secret_file()
    argv = [ECETOKEN] + mint_arguments(claims)
    result = subprocess.run(argv, stdin=subprocess.DEVNULL, capture_output=True)
    shown = shlex.join(argv)
    if result.returncode != 0:
        raise SystemExit(
            f"error: `{shown}` exited {result.returncode}:\n{result.stderr.decode('utf-8', 'replace')}"
        )
    lines = result.stdout.decode("ascii").split("\n")
    if len(lines) != 2 or lines[1] != "":
        raise SystemExit(f"error: `{shown}` did not print exactly one line:\n{result.stdout!r}")
    token = lines[0]
    expected = sign(claims)
    if token != expected:
        raise SystemExit(f"error: `{shown}` made\n  {token}\nbut the fixture conventions give\n  {expected}")
    return token


# --------------------------------------------------------------------------------------------------
# Secrets
# --------------------------------------------------------------------------------------------------

put("Fixtures/secret.txt", (SECRET + "\n").encode("ascii"))
put("Fixtures/other-installation-secret.txt", (OTHER_SECRET + "\n").encode("ascii"))

BOOTSTRAP_RUNNER = mint(persistent_claims("bootstrap_runner_roles_token", []))
ALLOCATOR_ONLY = mint(persistent_claims("allocator_only_token", ["allocator"]))
EMERGENCY = mint(persistent_claims("emergency_all_roles_except_allocator_token", ["coordinator", "proxy", "director"]))

# Values that must never appear in the tool's output. Each is distinctive so tests can grep for it.
BOOTSTRAP_DUMMIES = {
    "adminconsole_root_password": "dummy-adminconsole-root-password-7QxK2mVwPz",
    "adminconsole_readonly_password": "dummy-adminconsole-readonly-password-R4tLn8Yc",
    "root_password": "dummy-root-password-Jb3sWq9Ek",
    "readonly_password": "dummy-readonly-password-Hv6pXz2Nd",
    "proxy_certificates": (
        "-----BEGIN CERTIFICATE-----\n"
        "DUMMYPROXYCERTIFICATEnotarealcertificateZ5mQ8wTk\n"
        "-----END CERTIFICATE-----\n"
    ),
    "dh_parameters": (
        "-----BEGIN DH PARAMETERS-----\n"
        "DUMMYDHPARAMETERSnotrealU3cF6yPh\n"
        "-----END DH PARAMETERS-----\n"
    ),
    "internal_tls_configuration": {
        "ca_certificate": "dummy-internal-tls-ca-certificate-K8dN1sVe",
        "ca_private_key": "dummy-internal-tls-ca-private-key-W5gT3jMa",
    },
}

bootstrap = {"bootstrap_tokens_secret": SECRET}
bootstrap["adminconsole_root_password"] = BOOTSTRAP_DUMMIES["adminconsole_root_password"]
bootstrap["adminconsole_readonly_password"] = BOOTSTRAP_DUMMIES["adminconsole_readonly_password"]
bootstrap["bootstrap_runner_roles_token"] = BOOTSTRAP_RUNNER
bootstrap["allocator_only_token"] = ALLOCATOR_ONLY
bootstrap["emergency_all_roles_except_allocator_token"] = EMERGENCY
for key in ("root_password", "readonly_password", "proxy_certificates", "dh_parameters", "internal_tls_configuration"):
    bootstrap[key] = BOOTSTRAP_DUMMIES[key]
put("Fixtures/bootstrap-secrets.json", json_text(bootstrap))

# --------------------------------------------------------------------------------------------------
# Fixtures/tokens/
# --------------------------------------------------------------------------------------------------

OK = "Valid with Fixtures/secret.txt."

EPHEMERAL_ALLOCATOR_PROXY = add_token(
    "ephemeral-allocator-proxy.jwt",
    mint(ephemeral_claims("ephemeral-allocator-proxy", ["allocator", "proxy"], FAR_FUTURE)),
    "Ephemeral token, roles [allocator, proxy], exp 2100-01-01T00:00:00Z.",
    0,
    OK + " persistent:false and exp agree: ephemeral.",
)
add_token(
    "ephemeral-expired.jwt",
    mint(ephemeral_claims("ephemeral-expired", ["allocator"], EXPIRED)),
    "Ephemeral token, roles [allocator], exp 2026-01-01T00:00:00Z (before --now 1800000000).",
    1,
    "Signature valid; the exp check fails because now >= exp. inspect shows it as expired.",
)
add_token(
    "ephemeral-legacy-no-persistent-claim.jwt",
    sign({"sub": fixture_uuid("ephemeral-legacy"), "roles": ["proxy"], "iss": "bootstrap-initial", "exp": FAR_FUTURE}),
    "2017-style (ECE 1.x) ephemeral token: sub, roles [proxy], iss bootstrap-initial, exp; no persistent claim.",
    0,
    OK + " Classified ephemeral by the presence of exp (no persistent claim). iss bootstrap-initial is an old"
    " key generation, informational only.",
)
PERSISTENT_ALLOCATOR_CLAIMS = persistent_claims("persistent-allocator", ["allocator"])
PERSISTENT_ALLOCATOR = add_token(
    "persistent-allocator.jwt",
    mint(PERSISTENT_ALLOCATOR_CLAIMS),
    "Persistent token, roles [allocator], no exp (the current docs' shape).",
    0,
    OK,
)
add_token(
    "persistent-coordinator-director.jwt",
    mint(persistent_claims("persistent-coordinator-director", ["coordinator", "director"])),
    "Persistent token, roles [coordinator, director].",
    0,
    OK,
)
add_token(
    "persistent-all-roles.jwt",
    mint(persistent_claims("persistent-all-roles", ALL_ROLES)),
    "Persistent token, roles [allocator, coordinator, proxy, director].",
    0,
    OK,
)
add_token(
    "bootstrap-runner.jwt",
    BOOTSTRAP_RUNNER,
    "bootstrap_runner_roles_token from Fixtures/bootstrap-secrets.json: persistent, roles [] (system services only).",
    0,
    OK + " Empty role list is legal (system services only).",
)
add_token(
    "allocator-only.jwt",
    ALLOCATOR_ONLY,
    "allocator_only_token from Fixtures/bootstrap-secrets.json: persistent, roles [allocator].",
    0,
    OK,
)
add_token(
    "emergency.jwt",
    EMERGENCY,
    "emergency_all_roles_except_allocator_token from Fixtures/bootstrap-secrets.json: persistent, roles"
    " [coordinator, proxy, director].",
    0,
    OK,
)
add_token(
    "unknown-and-duplicate-roles.jwt",
    mint(persistent_claims("unknown-and-duplicate-roles", ["allocator", "beats-runner", "allocator"])),
    "Persistent token, roles [allocator, beats-runner, allocator]: an unknown role and a duplicate.",
    0,
    OK + " The unknown role (beats-runner) and the duplicate (allocator) are warnings, not failures.",
)
add_token(
    "conflicting-kind.jwt",
    sign(persistent_claims("conflicting-kind", ["allocator"], exp=FAR_FUTURE)),
    "persistent:true together with exp 2100-01-01: the two kind signals disagree.",
    1,
    "Signature valid; the kind check fails (persistent claim says persistent, exp says ephemeral)."
    " Classified persistent by the persistent claim, the conflict is reported.",
)
add_token(
    "no-roles-claim.jwt",
    sign({"sub": fixture_uuid("no-roles-claim"), "iss": "current", "persistent": True}),
    "Persistent token with no roles claim at all.",
    0,
    OK + " A missing roles claim is a warning (distinct from roles []), not a failure.",
)
add_token(
    "exp-milliseconds.jwt",
    mint(ephemeral_claims("exp-milliseconds", ["allocator"], FAR_FUTURE * 1000)),
    "Ephemeral token whose exp 4102444800000 looks like milliseconds.",
    0,
    OK + " As seconds the exp is far in the future (around the year 132000), so it is valid; the tool adds a hint that"
    " it looks like milliseconds. Its Int64 value is in range.",
)
add_token(
    "exp-fractional.jwt",
    sign_raw(
        HEADER_JSON,
        (
            '{"sub":"%s","roles":["allocator"],"iss":"current","persistent":false,"exp":4102444800.5}'
            % fixture_uuid("exp-fractional")
        ).encode("ascii"),
    ),
    "Ephemeral token with exp 4102444800.5 (a fraction).",
    0,
    OK + " RFC 7519 NumericDate may be non-integer; a fraction is legal.",
)
add_token(
    "exp-exponent.jwt",
    sign_raw(
        HEADER_JSON,
        (
            '{"sub":"%s","roles":["allocator"],"iss":"current","persistent":false,"exp":4.1024448e9}'
            % fixture_uuid("exp-exponent")
        ).encode("ascii"),
    ),
    "Ephemeral token with exp written 4.1024448e9 (= 4102444800, an exponent).",
    0,
    OK + " A JSON number with an exponent is a legal NumericDate; it equals 2100-01-01T00:00:00Z.",
)
add_token(
    "exp-as-string.jwt",
    sign(ephemeral_claims("exp-as-string", ["allocator"], str(FAR_FUTURE))),
    'Ephemeral token with exp "4102444800" (a string).',
    1,
    "Signature valid; exp has the wrong type: a type error, never treated as absent (jsonwebtoken"
    " CVE-2026-25537).",
)
add_token(
    "persistent-as-string.jwt",
    sign(persistent_claims("persistent-as-string", ["allocator"], persistent="true")),
    'Token with persistent "true" (a string) and no exp.',
    1,
    "Signature valid; persistent has the wrong type (claim type check fails).",
)
add_token(
    "roles-not-strings.jwt",
    sign(persistent_claims("roles-not-strings", ["allocator", 7])),
    'Persistent token with roles ["allocator", 7].',
    1,
    "Signature valid; roles holds a non-string (claim type check fails).",
)
add_token(
    "other-installation.jwt",
    sign(persistent_claims("other-installation", ["allocator"]), OTHER_SECRET),
    "Well-formed persistent allocator token signed with Fixtures/other-installation-secret.txt.",
    2,
    "Signature does not verify with Fixtures/secret.txt (a token from another installation). It verifies with"
    " Fixtures/other-installation-secret.txt (exit 0).",
    secret=OTHER_SECRET,
)

h, p, s = parts(PERSISTENT_ALLOCATOR)
tampered_sig = bytearray(b64url_decode(s))
tampered_sig[0] ^= 0x01
add_token(
    "tampered-signature.jwt",
    f"{h}.{p}.{b64url(bytes(tampered_sig))}",
    "persistent-allocator.jwt with the lowest bit of the first signature byte flipped (canonical base64url).",
    2,
    "Well-formed, signature invalid. Must not report anything claim-based as a verdict.",
    secret=None,
)
add_token(
    "ece-docs-ephemeral-2017.jwt",
    ECE_DOCS_EPHEMERAL_2017,
    "Ephemeral token quoted verbatim in the 2017 ECE docs: roles [proxy, allocator], iss bootstrap-initial,"
    " exp 2017-05-01T13:43:33Z.",
    2,
    "Decode-only: its secret is unknown, so the signature fails with Fixtures/secret.txt (2). The signature is"
    " checked before claims, so it is not reported as expired.",
    secret=None,
)
add_token(
    "ece-docs-persistent-2017.jwt",
    ECE_DOCS_PERSISTENT_2017,
    "Persistent token quoted verbatim in the 2017 ECE docs: roles [proxy, allocator], iss bootstrap-initial,"
    " sub 4c8990df-1fb7-4820-b868-6bc9e8860814, no persistent claim, no exp.",
    2,
    "Decode-only: its secret is unknown (2). Classified persistent by the absence of exp.",
    secret=None,
)
add_token(
    "alg-escaped-hs256.jwt",
    sign_raw(b'{"typ":"JWT","alg":"HS\\u0032\\u0035\\u0036"}', compact(persistent_claims("alg-escaped-hs256", ["allocator"]))),
    'Persistent allocator token whose header spells alg as "HS\\u0032\\u0035\\u0036" (JSON escapes for HS256).',
    0,
    OK + " Extra fixture: alg is compared after JSON unescaping, so this is HS256 and passes. A verifier that"
    " compares raw bytes would wrongly reject it.",
)

add(
    "Fixtures/tokens/api-reply-persistent.json",
    json_text({"token": PERSISTENT_ALLOCATOR, "token_id": PERSISTENT_ALLOCATOR_CLAIMS["sub"]}),
    "Enrollment-tokens API reply for a persistent token: token persistent-allocator.jwt, token_id = its sub.",
    0,
    0,
    OK + " token_id equals sub.",
)
add(
    "Fixtures/tokens/api-reply-ephemeral.json",
    json_text({"token": EPHEMERAL_ALLOCATOR_PROXY}),
    "Enrollment-tokens API reply for an ephemeral token: token ephemeral-allocator-proxy.jwt, no token_id.",
    0,
    0,
    OK + " No token_id is expected for ephemeral tokens.",
)
add(
    "Fixtures/tokens/api-reply-id-mismatch.json",
    json_text({"token": PERSISTENT_ALLOCATOR, "token_id": fixture_uuid("api-reply-id-mismatch")}),
    "API reply whose token_id differs from the token's sub.",
    1,
    0,
    "Signature valid; the token_id/sub consistency check fails.",
)
add(
    "Fixtures/tokens/batch.txt",
    (
        "# ecetoken batch fixture: one token per line; '#' comments and blank lines are skipped\n"
        + PERSISTENT_ALLOCATOR + "\n"
        + EPHEMERAL_ALLOCATOR_PROXY + "\n"
        + "\n"
        + EMERGENCY + "\r\n"
        + ALLOCATOR_ONLY + "\n"
    ).encode("ascii"),
    "Four valid tokens one per line (persistent-allocator, ephemeral-allocator-proxy, emergency [CRLF line],"
    " allocator-only) with a # comment line and a blank line.",
    0,
    0,
    "Every token in it is valid, so the result is 0 whatever the batch aggregation rule. Assumes batch input"
    " skips # comments and blank lines and strips one trailing CR (the emergency line ends in CRLF).",
)

# --------------------------------------------------------------------------------------------------
# Fixtures/hostile/
# --------------------------------------------------------------------------------------------------


def hostile_claims(name):
    return compact(persistent_claims(name, ["allocator"]))


def alg_case(name, header: bytes, signature=True):
    payload = hostile_claims(name)
    if signature:
        return sign_raw(header, payload)
    return b64url(header) + "." + b64url(payload) + "."


SIG_FAILS = "Well-formed and decodable, so inspect exits 0; verify fails at the signature/alg layer (2)."
MALFORMED = "Malformed input: both verify and inspect exit 3."

add_hostile(
    "alg-none.jwt",
    alg_case("alg-none", b'{"typ":"JWT","alg":"none"}', signature=False),
    'Header {"typ":"JWT","alg":"none"} and an empty signature.',
    2,
    0,
    SIG_FAILS + " alg none is not in the allow-list [HS256].",
)
add_hostile(
    "alg-none-with-signature.jwt",
    alg_case("alg-none-with-signature", b'{"typ":"JWT","alg":"none"}'),
    'Header alg "none" with a signature that is a correct HMAC of the signing input.',
    2,
    0,
    SIG_FAILS + " alg none is not in the allow-list even though the HMAC itself matches.",
)
add_hostile(
    "alg-lowercase.jwt",
    alg_case("alg-lowercase", b'{"typ":"JWT","alg":"hs256"}'),
    'Header alg "hs256" (lowercase) with a correct HMAC.',
    2,
    0,
    SIG_FAILS + " The allow-list comparison is case-sensitive.",
)
add_hostile(
    "alg-escaped-none.jwt",
    alg_case("alg-escaped-none", b'{"typ":"JWT","alg":"\\u006eone"}'),
    'Header alg "\\u006eone" (JSON escape for "none") with a correct HMAC.',
    2,
    0,
    SIG_FAILS + " After unescaping alg is none: not allowed.",
)
add_hostile(
    "alg-null.jwt",
    alg_case("alg-null", b'{"typ":"JWT","alg":null}'),
    "Header alg null with a correct HMAC.",
    3,
    3,
    MALFORMED + " alg is not a string: a malformed header, not merely a disallowed algorithm.",
)
add_hostile(
    "alg-array.jwt",
    alg_case("alg-array", b'{"typ":"JWT","alg":["HS256"]}'),
    'Header alg ["HS256"] (an array) with a correct HMAC.',
    3,
    3,
    MALFORMED + " alg is not a string.",
)
add_hostile(
    "alg-missing.jwt",
    alg_case("alg-missing", b'{"typ":"JWT"}'),
    'Header {"typ":"JWT"} without alg, with a correct HMAC.',
    3,
    3,
    MALFORMED + " Extra fixture: alg is missing.",
)
add_hostile(
    "crit-b64.jwt",
    alg_case("crit-b64", b'{"typ":"JWT","alg":"HS256","crit":["b64"],"b64":false}'),
    'Header with "crit":["b64"],"b64":false (RFC 7797); payload still base64url, HMAC correct.',
    2,
    0,
    SIG_FAILS + " Any crit is rejected: this verifier understands no extensions.",
)
add_hostile(
    "b64-without-crit.jwt",
    alg_case("b64-without-crit", b'{"typ":"JWT","alg":"HS256","b64":false}'),
    'Header with "b64":false but no crit; HMAC correct.',
    2,
    0,
    SIG_FAILS + " A b64 member is rejected even without crit.",
)

h, p, s = parts(PERSISTENT_ALLOCATOR)
add_hostile(
    "two-segments.jwt",
    f"{h}.{p}",
    "persistent-allocator.jwt without its signature segment and the dot before it.",
    3,
    3,
    MALFORMED + " Two segments are not a JWS.",
)
add_hostile(
    "four-segments.jwt",
    f"{h}.{p}.{s}.{s}",
    "persistent-allocator.jwt with its signature segment repeated as a fourth segment.",
    3,
    3,
    MALFORMED + " Exactly three segments are required.",
)
jwe_header = b'{"alg":"dir","enc":"A256GCM","typ":"JWT"}'
jwe_iv = hashlib.sha256(b"ecetoken fixture jwe iv").digest()[:12]
jwe_ct = hashlib.sha256(b"ecetoken fixture jwe ciphertext").digest() * 3
jwe_tag = hashlib.sha256(b"ecetoken fixture jwe tag").digest()[:16]
add_hostile(
    "five-segments.jwt",
    f"{b64url(jwe_header)}..{b64url(jwe_iv)}.{b64url(jwe_ct)}.{b64url(jwe_tag)}",
    'JWE-shaped: header {"alg":"dir","enc":"A256GCM","typ":"JWT"}, empty key, iv, ciphertext, tag (dummy bytes).',
    3,
    3,
    MALFORMED + " Five segments is a JWE, not a JWS.",
)
add_hostile(
    "padded-signature.jwt",
    f"{h}.{p}.{s}=",
    "persistent-allocator.jwt with '=' padding appended to the signature segment.",
    3,
    3,
    MALFORMED + " base64url in JWS has no padding; '=' is outside [A-Za-z0-9_-]. The decoded bytes would"
    " otherwise verify.",
)


def find_standard_alphabet_token():
    """A persistent allocator token whose signature has both '-' and '_' and whose other segments have neither.

    The candidates are minted with ecetoken (a handful of runs: the sixth one fits)."""
    for i in range(10000):
        token = mint(persistent_claims(f"standard-alphabet-{i}", ["allocator"]))
        h, p, s = parts(token)
        if "-" in s and "_" in s and not any(c in h + p for c in "-_"):
            return token
    raise SystemExit("no suitable token for standard-alphabet.jwt")


std_original = find_standard_alphabet_token()
add_hostile(
    "standard-alphabet.jwt",
    std_original.translate(str.maketrans("-_", "+/")),
    "A valid persistent allocator token whose signature contains '-' and '_', rewritten with '+' and '/' (the"
    " standard base64 alphabet).",
    3,
    3,
    MALFORMED + " '+' and '/' are outside the base64url alphabet. A lenient decoder accepting both alphabets"
    " would find a correct HMAC: the rejection must come from the character check.",
)

last = s[-1]
alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
v = alphabet.index(last)
assert v & 0b11 == 0, "a 32-byte signature leaves 2 zero trailing bits"
noncanonical = s[:-1] + alphabet[v | 0b01]
assert b64url_decode(noncanonical) == b64url_decode(s)
add_hostile(
    "noncanonical-signature.jwt",
    f"{h}.{p}.{noncanonical}",
    f"persistent-allocator.jwt with the last signature character changed {last!r} -> {alphabet[v | 1]!r}:"
    " same decoded bytes, non-zero trailing bits.",
    3,
    3,
    MALFORMED + " Non-canonical base64url is rejected (one token must have one spelling). A lenient decoder"
    " would get the correct HMAC.",
)
full_sig = b64url_decode(s)
add_hostile(
    "truncated-signature.jwt",
    f"{h}.{p}.{b64url(full_sig[:31])}",
    "persistent-allocator.jwt with the signature cut to its first 31 bytes.",
    2,
    0,
    SIG_FAILS + " A signature decoding to the wrong length fails before comparison.",
)
add_hostile(
    "extended-signature.jwt",
    f"{h}.{p}.{b64url(full_sig + bytes([0]))}",
    "persistent-allocator.jwt with a 0x00 byte appended to the signature (33 bytes).",
    2,
    0,
    SIG_FAILS + " A signature decoding to the wrong length fails before comparison.",
)
add_hostile(
    "empty-signature.jwt",
    f"{h}.{p}.",
    "persistent-allocator.jwt with an empty signature segment (HS256 header).",
    2,
    0,
    SIG_FAILS + " An empty signature decodes to 0 bytes: wrong length.",
)
empty_payload_input = (b64url(HEADER_JSON) + ".").encode("ascii")
add_hostile(
    "empty-payload.jwt",
    f"{b64url(HEADER_JSON)}..{b64url(mac(empty_payload_input))}",
    "ECE header, empty payload segment, correct HMAC over 'header.'.",
    3,
    3,
    MALFORMED + " A JWT's payload segment must not be empty.",
)


def sign_exact(header_seg: str, payload_seg: str) -> str:
    """Sign the exact segment text as it appears (even when it is not valid base64url)."""
    signing_input = header_seg + "." + payload_seg
    return signing_input + "." + b64url(mac(signing_input.encode("utf-8")))


mid = len(p) // 2
add_hostile(
    "whitespace-inside.jwt",
    sign_exact(h, p[:mid] + " " + p[mid:]),
    "persistent-allocator.jwt claims with a space inserted in the middle of the payload segment; HMAC over the"
    " exact bytes.",
    3,
    3,
    MALFORMED + " Whitespace is outside [A-Za-z0-9_-]. The HMAC over the received bytes is correct, so only the"
    " character check can reject it.",
)
add_hostile(
    "non-ascii-inside.jwt",
    sign_exact(h, p[:mid] + "\u00e9" + p[mid:]),
    "persistent-allocator.jwt claims with a UTF-8 'é' (C3 A9) inserted in the middle of the payload segment;"
    " HMAC over the exact bytes.",
    3,
    3,
    MALFORMED + " Non-ASCII is outside [A-Za-z0-9_-].",
)
add_hostile(
    "json-serialization.json",
    json_text({"payload": p, "protected": h, "signature": s}),
    "The flattened JWS JSON serialization of persistent-allocator.jwt (payload, protected, signature).",
    3,
    3,
    MALFORMED + " The JSON serialization is not accepted where a compact token is expected (python-jwt"
    " CVE-2022-39227). Its parts would verify.",
)
add_hostile(
    "duplicate-alg.jwt",
    sign_raw(b'{"typ":"JWT","alg":"HS256","alg":"HS256"}', hostile_claims("duplicate-alg")),
    'Header {"typ":"JWT","alg":"HS256","alg":"HS256"} with a correct HMAC.',
    3,
    3,
    MALFORMED + " Duplicate member names are rejected even when the values agree.",
)
add_hostile(
    "duplicate-escaped-member.jwt",
    sign_raw(
        HEADER_JSON,
        (
            '{"sub":"%s","roles":["allocator"],"iss":"current","persistent":false,"exp":%d,"\\u0065xp":%d}'
            % (fixture_uuid("duplicate-escaped-member"), FAR_FUTURE, EXPIRED)
        ).encode("ascii"),
    ),
    'Claims with "exp":4102444800 and "\\u0065xp":1767225600 (the same name after unescaping); correct HMAC.',
    3,
    3,
    MALFORMED + " Duplicates are detected after unescaping. First-wins would say valid, last-wins expired.",
)
add_hostile(
    "trailing-comma.jwt",
    sign_raw(HEADER_JSON, hostile_claims("trailing-comma")[:-1] + b",}"),
    "Claims JSON with a trailing comma before '}'; correct HMAC.",
    3,
    3,
    MALFORMED + " Strict RFC 8259: no trailing commas (Foundation accepts them, so it cannot be the validator).",
)
add_hostile(
    "bom-payload.jwt",
    sign_raw(HEADER_JSON, b"\xef\xbb\xbf" + hostile_claims("bom-payload")),
    "Claims JSON preceded by a UTF-8 BOM (EF BB BF); correct HMAC.",
    3,
    3,
    MALFORMED + " No BOM allowed in JOSE JSON.",
)
add_hostile(
    "utf16-payload.jwt",
    sign_raw(HEADER_JSON, hostile_claims("utf16-payload").decode("ascii").encode("utf-16-le")),
    "Claims JSON encoded as UTF-16LE (no BOM); correct HMAC.",
    3,
    3,
    MALFORMED + " UTF-8 only.",
)
invalid_utf8_claims = hostile_claims("invalid-utf8").replace(b'"iss":"current"', b'"iss":"curr\xffent"')
assert b"\xff" in invalid_utf8_claims
add_hostile(
    "invalid-utf8.jwt",
    sign_raw(HEADER_JSON, invalid_utf8_claims),
    'Claims with a raw 0xFF byte inside the iss string ("curr\\xffent"); correct HMAC.',
    3,
    3,
    MALFORMED + " Invalid UTF-8.",
)
add_hostile(
    "lone-surrogate.jwt",
    sign_raw(HEADER_JSON, b'{"sub":"\\ud800","roles":["allocator"],"iss":"current","persistent":true}'),
    'Claims with "sub":"\\ud800" (an unpaired surrogate escape); correct HMAC.',
    3,
    3,
    MALFORMED + " A lone surrogate escape is not a Unicode scalar value.",
)
NEST_DEPTH = 1000
add_hostile(
    "nesting-bomb.jwt",
    sign_raw(HEADER_JSON, hostile_claims("nesting-bomb")[:-1] + b',"nested":' + b"[" * NEST_DEPTH + b"]" * NEST_DEPTH + b"}"),
    f"Persistent allocator claims plus a claim holding {NEST_DEPTH} nested arrays; correct HMAC.",
    3,
    3,
    MALFORMED + " Exceeds the JSON depth cap (Nimbus CVE-2025-53864). The claim is otherwise harmless.",
)
add_hostile(
    "exp-huge.jwt",
    sign_raw(
        HEADER_JSON,
        (
            '{"sub":"%s","roles":["allocator"],"iss":"current","persistent":false,"exp":1e400}'
            % fixture_uuid("exp-huge")
        ).encode("ascii"),
    ),
    "Ephemeral claims with exp 1e400 (grammatically a JSON number, overflows a double); correct HMAC.",
    1,
    0,
    "Signature valid and the JSON is grammatical, so inspect exits 0; the exp check fails: out of range."
    " Must not trap or become infinity/valid.",
)
add_hostile(
    "exp-beyond-int64.jwt",
    sign_raw(
        HEADER_JSON,
        (
            '{"sub":"%s","roles":["allocator"],"iss":"current","persistent":false,"exp":99999999999999999999}'
            % fixture_uuid("exp-beyond-int64")
        ).encode("ascii"),
    ),
    "Ephemeral claims with exp 99999999999999999999 (beyond Int64); correct HMAC.",
    1,
    0,
    "Signature valid; the exp check fails: out of range (> Int64.max). Must not trap. (Arguably 'far future';"
    " the scheme treats it as out of range.)",
)

oversized_base = persistent_claims("oversized", ["allocator"])
oversized_filler_len = 52000
oversized_claims = dict(oversized_base, filler="x" * oversized_filler_len)
oversized = sign(oversized_claims)
assert 69000 < len(oversized) < 71000, len(oversized)
add_hostile(
    "oversized.jwt",
    oversized,
    f"A properly signed persistent allocator token with a {oversized_filler_len}-character 'filler' claim"
    f" ({len(oversized)} bytes).",
    3,
    3,
    MALFORMED + f" Larger than the {MAX_TOKEN_BYTES}-byte cap; rejected before decoding.",
)
add_hostile(
    "many-dots.txt",
    "." * 20000,
    "20 000 dots and a newline.",
    3,
    3,
    MALFORMED + " Segment count is checked without allocating per dot (golang-jwt / go-jose DoS); also over the"
    " size cap.",
)
add_hostile(
    "header-not-object.jwt",
    sign_raw(b"[]", hostile_claims("header-not-object")),
    "Header JSON [] (an array, not an object); correct HMAC.",
    3,
    3,
    MALFORMED + " The JOSE header must be a JSON object.",
)
add_hostile(
    "payload-not-json.jwt",
    sign_raw(HEADER_JSON, b"hello"),
    "ECE header, payload bytes 'hello'; correct HMAC.",
    3,
    3,
    MALFORMED + " The claims must be a JSON object.",
)

# --------------------------------------------------------------------------------------------------
# Manifest and README
# --------------------------------------------------------------------------------------------------

MANIFEST.sort(key=lambda e: e["path"])
put("Fixtures/manifest.json", json_text(MANIFEST))


def md_escape(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


readme = [
    "# Test fixtures",
    "",
    "> **WARNING: every secret, password, certificate and token in this folder is a SYNTHETIC TEST VALUE.**",
    "> None belongs to a real Elastic Cloud Enterprise installation. Never use them anywhere else, and never",
    "> put a real `bootstrap-secrets.json` or real token here.",
    "",
    "Everything here is generated. Do not edit by hand; change `Scripts/make-fixtures.py` and run, from the",
    "repository root:",
    "",
    "```",
    "swift build && python3 Scripts/make-fixtures.py",
    "```",
    "",
    "(`--ecetoken PATH` selects another build of the tool; the default is `.build/debug/ecetoken`.)",
    "Every well-formed ECE-shaped token signed with `secret.txt`, including the three in",
    "`bootstrap-secrets.json`, is made by the tool itself from the fixture's own `sub`, `roles`, `iss` and `exp`:",
    "",
    "```",
    "ecetoken mint --secret-file Fixtures/secret.txt --subject <sub> --roles <roles> --persistent",
    "ecetoken mint --secret-file Fixtures/secret.txt --subject <sub> --roles <roles> --ephemeral \\",
    "    --validity 3600 --now <exp - 3600>",
    "```",
    "",
    "The script checks each minted token against its own HMAC. Tokens `mint` cannot make (hostile inputs,",
    "2017-style tokens without `persistent`, wrong claim types, extra claims or headers, the other",
    "installation's secret) are signed by the script in Python.",
    "",
    "The script is deterministic (fixed secrets, UUIDs and times; no randomness, no clock): running it twice",
    "gives byte-identical files. The two `ece-docs-*` tokens are copied verbatim from the ECE docs.",
    "",
    "## Conventions",
    "- `secret.txt`: base64url of sha256(`ecetoken synthetic fixture secret`), 44 characters with one `=`.",
    "  `other-installation-secret.txt`: the same from `ecetoken other installation secret`. As in ECE, the",
    "  HMAC key is the UTF-8 bytes of the string as written, never base64-decoded.",
    '- Normal tokens: header bytes `{"typ":"JWT","alg":"HS256"}`, compact claims in ECE order (`sub`, `roles`,',
    "  `iss`, `persistent`, `exp`), HS256 over the ASCII `header.payload`. Each token file is the token and one",
    "  `\\n`.",
    f"- Far future = {FAR_FUTURE} (2100-01-01T00:00:00Z); expired = {EXPIRED} (2026-01-01T00:00:00Z).",
    "- `bootstrap-secrets.json`: a synthetic bootstrap-secrets file with the three install-time tokens and",
    "  distinctive dummy values (`dummy-…`, `DUMMY…`) that must never appear in the tool's output.",
    "- `manifest.json`: for each token and hostile input, the expected exit codes of",
    f"  `ecetoken verify` / `ecetoken inspect` with `--secret-file Fixtures/secret.txt --now {NOW}`:",
    "  0 pass, 1 a check failed, 2 signature invalid, 3 malformed. `inspect` exits 0 for anything that decodes.",
    "",
    "## Files",
    "",
    "| file | verify | inspect | what it shows |",
    "|---|---|---|---|",
    "| `bootstrap-secrets.json` | | | synthetic bootstrap secrets: `bootstrap_tokens_secret`, three install-time tokens, dummy passwords/certificates |",
    "| `secret.txt` | | | the synthetic signing secret |",
    "| `other-installation-secret.txt` | | | a second synthetic secret (signs `tokens/other-installation.jwt`) |",
    "| `manifest.json` | | | machine-readable list of the rows below |",
]
for e in MANIFEST:
    rel = e["path"][len("Fixtures/"):]
    readme.append(f"| `{rel}` | {e['verify_exit']} | {e['inspect_exit']} | {md_escape(e['description'])} |")
readme.append("")
put("Fixtures/README.md", "\n".join(readme).encode("utf-8"))

# --------------------------------------------------------------------------------------------------
# Self-checks, then write
# --------------------------------------------------------------------------------------------------


def check():
    for path, (token, secret) in NORMAL_TOKENS.items():
        h, p, s = token.split(".")
        assert hmac.compare_digest(b64url_decode(s), mac(f"{h}.{p}".encode("ascii"), secret)), path
        assert b64url(b64url_decode(s)) == s, path
        if secret is SECRET:
            assert b64url_decode(h) == HEADER_JSON or "alg-escaped-hs256" in path, path
    for path in ("Fixtures/tokens/tampered-signature.jwt", "Fixtures/tokens/other-installation.jwt"):
        token = FILES[path].decode("ascii").rstrip("\n")
        h, p, s = token.split(".")
        assert not hmac.compare_digest(b64url_decode(s), mac(f"{h}.{p}".encode("ascii"))), path
    manifest_paths = {e["path"] for e in MANIFEST}
    for path in FILES:
        if path.startswith(("Fixtures/tokens/", "Fixtures/hostile/")):
            assert path in manifest_paths, path
    for e in MANIFEST:
        assert e["verify_exit"] in (0, 1, 2, 3) and e["inspect_exit"] in (0, 3), e
        assert (e["inspect_exit"] == 3) == (e["verify_exit"] == 3), e
    total = sum(len(d) for d in FILES.values())
    assert total < 300 * 1024, total


def write_all():
    root = os.getcwd()
    if not os.path.isfile(os.path.join(root, "Package.swift")):
        raise SystemExit("run from the repository root: swift build && python3 Scripts/make-fixtures.py")
    for path, data in FILES.items():
        full = os.path.join(root, path)
        os.makedirs(os.path.dirname(full), exist_ok=True)
        with open(full, "wb") as f:
            f.write(data)
    # tokens/ and hostile/ belong to this script: point out files it no longer makes (never deletes).
    for sub in ("Fixtures/tokens", "Fixtures/hostile"):
        for name in sorted(os.listdir(os.path.join(root, sub))):
            if f"{sub}/{name}" not in FILES:
                print(f"warning: {sub}/{name} is not generated by this script", file=sys.stderr)
    print(f"wrote {len(FILES)} files under Fixtures/ ({sum(len(d) for d in FILES.values())} bytes)")


check()
write_all()
