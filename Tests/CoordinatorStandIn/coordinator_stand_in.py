#!/usr/bin/env python3
"""A test-time stand-in for an Elastic Cloud Enterprise coordinator's enrollment-tokens API.

The end-to-end tests of `ecetoken request`, `ecetoken list`, `ecetoken revoke` and
`ecetoken verify --check-active` run the built binary against this server instead of a real ECE
installation. It speaks just enough of the coordinator API (see /work/shared/docs/ece-tokens.md,
"The enrollment-tokens API") to be a realistic peer:

* HTTPS on 127.0.0.1 with a certificate the test harness makes at test time (``--cert``/``--key``),
  or plain HTTP with ``--plain-http`` (to test the client's warning about it);
* basic authentication (``--user``, ``--password-file``) and ECE API keys (``--api-key-file``:
  ``Authorization: ApiKey KEY``), 401 with ECE's error body otherwise;
* ``POST   /api/v1/platform/configuration/security/enrollment-tokens`` signs a real HS256 roles
  token with the installation secret (``--secret-file``), exactly as ECE lays it out;
* ``GET    .../enrollment-tokens`` lists the persistent tokens made so far (and ``--seed-token`` ids);
* ``DELETE .../enrollment-tokens/{token}`` revokes a persistent token by id or by its text.

Switches make it misbehave in the ways the client must survive (``--fail``, ``--grant-extra-role``,
``--sign-with-secret-file``, ``--reply-garbage``, ``--reply-wrong-json``, ``--hang``,
``--reflect-credentials``, ``--two-errors``, ``--delete-reply``), ``--port`` fixes the port (ECE's
plain-HTTP 12400 for the port test; ``BUSY <n>`` instead of ``PORT <n>`` when it is taken), and ``--log``
records every request as one JSON line so tests can assert exactly what the client sent.

Protocol with the harness (Tests/ecetokenTests/CoordinatorStandIn.swift):

1. The harness starts ``python3 coordinator_stand_in.py --cert ... --key ... [switches]`` with a pipe
   on standard input.
2. Once the socket listens, the stand-in prints exactly one line ``PORT <n>`` on standard output.
3. It serves until it is killed or its standard input reaches end of file, so it never outlives the
   test process that started it, even one that crashed.

Diagnostics (one line per request, handshake failures) go to standard error.
Only the Python 3 standard library is used.
"""

import argparse
import base64
import hashlib
import hmac
import http.server
import json
import ssl
import sys
import threading
import time
import urllib.parse
import uuid

# The collection path of the enrollment-tokens API; a single token is `COLLECTION_PATH/{token}`.
COLLECTION_PATH = "/api/v1/platform/configuration/security/enrollment-tokens"

# The JOSE header of every ECE roles token, byte for byte (note: `typ` before `alg`).
TOKEN_HEADER = '{"typ":"JWT","alg":"HS256"}'

# The `iss` claim of every current-generation token (it names the signing-key generation).
ISSUER = "current"

# `validity_in_seconds` is an int32 in the ECE API; ephemeral tokens last an hour unless asked.
DEFAULT_VALIDITY_SECONDS = 3600
MAXIMUM_VALIDITY_SECONDS = 2**31 - 1

# Methods the misbehaviour switches accept.
METHODS = ("GET", "POST", "DELETE")

# What `--reply-garbage` sends: a 200 that is an HTML login page, as a proxy in front of the
# coordinator or a wrong port might answer.
GARBAGE_BODY = (
    "<!DOCTYPE html>\n<html><head><title>Sign in</title></head>\n"
    "<body><form method=\"post\" action=\"/login\"><input name=\"username\">"
    "<input name=\"password\" type=\"password\"></form></body></html>\n"
)

# What `--reply-wrong-json` sends per method: valid JSON whose shape is not what the API promises.
WRONG_JSON_BODIES = {
    "POST": {"token": 42},
    "GET": {"tokens": "x"},
    "DELETE": ["deleted"],
}


def base64url(data: bytes) -> str:
    """Encodes `data` as base64url without padding (RFC 4648 section 5), as JWTs do."""
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def base64url_decode(text: str) -> bytes:
    """Decodes unpadded base64url; raises ValueError when it is not."""
    padded = text + "=" * (-len(text) % 4)
    return base64.urlsafe_b64decode(padded.encode("ascii"))


def compact_json(value) -> str:
    """JSON without any spaces, keys in insertion order, as ECE writes token parts."""
    return json.dumps(value, separators=(",", ":"))


def read_secret_file(path: str) -> bytes:
    """A file's bytes exactly, minus ONE trailing newline if there is one.

    This is how an installation secret is used as an HMAC key: the text as written, never
    base64-decoded. Password files are read the same way.
    """
    with open(path, "rb") as handle:
        data = handle.read()
    if data.endswith(b"\n"):
        data = data[:-1]
    return data


def sign_token(key: bytes, claims: dict) -> str:
    """A compact HS256 token: `base64url(header).base64url(claims).base64url(HMAC-SHA256)`."""
    signing_input = base64url(TOKEN_HEADER.encode("utf-8")) + "." + base64url(compact_json(claims).encode("utf-8"))
    signature = hmac.new(key, signing_input.encode("ascii"), hashlib.sha256).digest()
    return signing_input + "." + base64url(signature)


def subject_of_token(text: str):
    """The `sub` claim of a compact token given in a DELETE path, or None when it is not one.

    The signature is not checked: the stand-in only needs to know which token is meant.
    """
    parts = text.split(".")
    if len(parts) != 3:
        return None
    try:
        claims = json.loads(base64url_decode(parts[1]))
    except (ValueError, UnicodeDecodeError):
        return None
    if isinstance(claims, dict) and isinstance(claims.get("sub"), str):
        return claims["sub"]
    return None


def ece_error(code: str, message: str) -> dict:
    """ECE's error body: `{"errors":[{"code":..., "message":...}]}`."""
    return {"errors": [{"code": code, "message": message}]}


class RequestProblem(Exception):
    """A request body the API rejects with 400 `enrollment_tokens.invalid_token_request`."""


def parse_token_request(body: bytes):
    """Validates a POST body; returns `(persistent, roles, validity_or_None)`.

    The rules follow the API reference: `persistent` is a required boolean, `roles` an optional
    list of strings, `validity_in_seconds` an int32 > 0 allowed on ephemeral tokens only.
    Unknown members are ignored, as the coordinator's JSON reader does.
    """
    try:
        request = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as error:
        raise RequestProblem(f"The request body is not valid JSON: {error}") from None
    if not isinstance(request, dict):
        raise RequestProblem("The request body must be a JSON object")
    if "persistent" not in request:
        raise RequestProblem("The field [persistent] is required")
    persistent = request["persistent"]
    if not isinstance(persistent, bool):
        raise RequestProblem("The field [persistent] must be a boolean")
    roles = request.get("roles", [])
    if not isinstance(roles, list) or not all(isinstance(role, str) for role in roles):
        raise RequestProblem("The field [roles] must be a list of strings")
    validity = request.get("validity_in_seconds")
    if validity is not None:
        if persistent:
            raise RequestProblem("The field [validity_in_seconds] is not allowed on persistent tokens")
        # bool is a subclass of int in Python: `true` is not a number of seconds.
        if isinstance(validity, bool) or not isinstance(validity, int):
            raise RequestProblem("The field [validity_in_seconds] must be an integer")
        if validity <= 0 or validity > MAXIMUM_VALIDITY_SECONDS:
            raise RequestProblem(
                f"The field [validity_in_seconds] must be between 1 and {MAXIMUM_VALIDITY_SECONDS}"
            )
    return persistent, roles, validity


class Coordinator:
    """The stand-in's state: configuration and the persistent tokens made so far (thread-safe)."""

    def __init__(self, options):
        self.user = options.user
        self.password = read_secret_file(options.password_file)
        self.api_key = read_secret_file(options.api_key_file) if options.api_key_file else None
        self.reflect = dict(options.reflect_credentials)
        self.two_errors = dict(options.two_errors)
        self.empty_delete = options.delete_reply
        self.signing_key = read_secret_file(options.sign_with_secret_file or options.secret_file)
        self.extra_role = options.grant_extra_role
        self.fixed_now = options.now
        self.failures = dict(options.fail)
        self.garbage_methods = set(options.reply_garbage)
        self.wrong_json_methods = set(options.reply_wrong_json)
        self.hang = options.hang
        self.log_path = options.log
        self.lock = threading.Lock()
        # Persistent tokens in creation order: token_id -> roles. Dicts keep insertion order.
        self.persistent_tokens = {}
        for token_id, roles in options.seed_token:
            self.persistent_tokens[token_id] = roles
        # Set when the stand-in shuts down, so hanging handlers can give up.
        self.stopping = threading.Event()

    def now(self) -> int:
        """Seconds since the epoch: `--now` when given, otherwise the real clock."""
        return self.fixed_now if self.fixed_now is not None else int(time.time())

    def credentials_match(self, header) -> bool:
        """Whether an `Authorization` header carries `Basic base64(user:password)` for this stand-in."""
        if not header:
            return False
        scheme, _, encoded = header.partition(" ")
        if scheme.lower() == "apikey":
            return self.api_key is not None and hmac.compare_digest(encoded.strip().encode("utf-8"), self.api_key)
        if scheme.lower() != "basic":
            return False
        try:
            decoded = base64.b64decode(encoded.strip().encode("ascii"), validate=True)
        except (ValueError, UnicodeEncodeError):
            return False
        # RFC 7617: the user name ends at the first colon; the password may hold colons.
        user, separator, password = decoded.partition(b":")
        if not separator:
            return False
        user_ok = hmac.compare_digest(user, self.user.encode("utf-8"))
        password_ok = hmac.compare_digest(password, self.password)
        return user_ok and password_ok

    def log(self, entry: dict):
        """Appends one JSON line to `--log` and flushes it, so a test sees it as soon as it is answered."""
        if not self.log_path:
            return
        line = json.dumps(entry) + "\n"
        with self.lock:
            with open(self.log_path, "a", encoding="utf-8") as handle:
                handle.write(line)
                handle.flush()

    def create_token(self, persistent: bool, roles: list, validity) -> dict:
        """Signs a new token and returns the API's reply; remembers persistent tokens."""
        granted = ([self.extra_role] if self.extra_role else []) + list(roles)
        token_id = str(uuid.uuid4())
        # Claims in the order ECE writes them: sub, roles, iss, persistent, then exp if ephemeral.
        claims = {"sub": token_id, "roles": granted, "iss": ISSUER, "persistent": persistent}
        if not persistent:
            claims["exp"] = self.now() + (validity if validity is not None else DEFAULT_VALIDITY_SECONDS)
        token = sign_token(self.signing_key, claims)
        if not persistent:
            return {"token": token}
        with self.lock:
            self.persistent_tokens[token_id] = granted
        return {"token": token, "token_id": token_id}

    def list_tokens(self) -> dict:
        """The GET reply: persistent tokens only, ids and roles, in creation order."""
        with self.lock:
            tokens = [{"token_id": token_id, "roles": roles} for token_id, roles in self.persistent_tokens.items()]
        return {"tokens": tokens}

    def revoke(self, token_or_id: str) -> bool:
        """Forgets a persistent token named by its id or its whole text; False when unknown."""
        token_id = subject_of_token(token_or_id) or token_or_id
        with self.lock:
            return self.persistent_tokens.pop(token_id, None) is not None


class Handler(http.server.BaseHTTPRequestHandler):
    """One HTTP/1.1 connection (keep-alive) to the stand-in."""

    protocol_version = "HTTP/1.1"
    server_version = "ece-coordinator-stand-in"

    def version_string(self) -> str:
        """The `Server` header: the stand-in's name only, no Python version."""
        return self.server_version

    @property
    def coordinator(self) -> Coordinator:
        return self.server.coordinator

    def do_GET(self):
        self.handle_request()

    def do_POST(self):
        self.handle_request()

    def do_DELETE(self):
        self.handle_request()

    def do_PUT(self):
        self.handle_request()

    def do_PATCH(self):
        self.handle_request()

    def read_body(self) -> bytes:
        """The request body, from `Content-Length` or a chunked transfer encoding."""
        if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
            chunks = []
            while True:
                size_line = self.rfile.readline(65537)
                size = int(size_line.split(b";", 1)[0].strip() or b"0", 16)
                if size == 0:
                    # Trailer section: header lines up to an empty line.
                    while self.rfile.readline(65537) not in (b"\r\n", b"\n", b""):
                        pass
                    break
                chunks.append(self.rfile.read(size))
                self.rfile.readline(65537)  # the CRLF after each chunk
            return b"".join(chunks)
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length > 0 else b""

    def handle_request(self):
        """Logs the request, then answers it according to the switches and the API."""
        coordinator = self.coordinator
        method = self.command
        body = self.read_body()
        authorized = coordinator.credentials_match(self.headers.get("Authorization"))
        coordinator.log(
            {
                "method": method,
                "path": self.path,
                "authorized": authorized,
                "body": body.decode("utf-8", errors="replace"),
                "headers": [[name, value] for name, value in self.headers.items()],
            }
        )

        if coordinator.hang:
            # The connection and the TLS handshake are done and the request is read; never answer.
            coordinator.stopping.wait()
            self.close_connection = True
            return

        if method in coordinator.reflect:
            self.send_reflection(coordinator.reflect[method], method)
            return

        if not authorized:
            self.send_json(
                401,
                ece_error("root.unauthenticated", "The supplied authentication is invalid"),
                extra_headers=[("WWW-Authenticate", 'Basic realm="ECE"')],
            )
            return

        if method in coordinator.two_errors:
            status = coordinator.two_errors[method]
            self.send_json(
                status,
                {
                    "errors": [
                        {"code": "enrollment_tokens.invalid_token_request", "message": "The roles are invalid",
                         "fields": ["roles", "persistent"]},
                        {"code": "root.second_problem", "message": "A second problem"},
                    ]
                },
            )
            return
        if method in coordinator.failures:
            status, code = coordinator.failures[method]
            self.send_json(status, ece_error(code, failure_message(status, code)))
            return
        if method in coordinator.garbage_methods:
            self.send_body(200, "text/html; charset=utf-8", GARBAGE_BODY.encode("utf-8"))
            return
        if method in coordinator.wrong_json_methods:
            self.send_json(200, WRONG_JSON_BODIES[method])
            return

        self.route(method, urllib.parse.urlsplit(self.path).path, body)

    def route(self, method: str, path: str, body: bytes):
        """The enrollment-tokens API proper; anything else is 404 `root.resource_not_found`."""
        coordinator = self.coordinator
        if path == COLLECTION_PATH and method == "POST":
            try:
                persistent, roles, validity = parse_token_request(body)
            except RequestProblem as problem:
                self.send_json(400, ece_error("enrollment_tokens.invalid_token_request", str(problem)))
                return
            self.send_json(200, coordinator.create_token(persistent, roles, validity))
            return
        if path == COLLECTION_PATH and method == "GET":
            self.send_json(200, coordinator.list_tokens())
            return
        parent, _, last = path.rpartition("/")
        if method == "DELETE" and parent == COLLECTION_PATH and last:
            token = urllib.parse.unquote(last)
            if coordinator.revoke(token):
                if coordinator.empty_delete == "empty":
                    self.send_body(200, "application/json", b"")
                elif coordinator.empty_delete == "no-content":
                    self.send_body(204, "application/json", b"")
                else:
                    self.send_json(200, {})
            else:
                self.send_json(
                    404,
                    ece_error("enrollment_tokens.invalid_token_id", "The enrollment token was not found"),
                )
            return
        self.send_json(404, ece_error("root.resource_not_found", "The requested resource could not be found"))

    def send_reflection(self, status: int, method: str):
        """Answers with `status` and a body that echoes the credentials back in every spelling a careless
        server might use: the Authorization header, the decoded `user:password`, and, for a 2xx, a body
        whose shape is wrong so that the client reports it."""
        header = self.headers.get("Authorization") or ""
        scheme, _, value = header.partition(" ")
        decoded = ""
        if scheme.lower() == "basic":
            try:
                decoded = base64.b64decode(value.encode("ascii")).decode("utf-8", "replace")
            except ValueError:
                decoded = ""
        echo = f"rejected {header} for {decoded} key={value} url=https://{decoded}@coordinator/?apikey={value}#{value}"
        if 200 <= status < 300:
            bodies = {"POST": {"token": echo}, "GET": {"tokens": echo}, "DELETE": [echo]}
            if method == "POST":
                # A POST reply with a token that is not a token: a 2xx whose token does not decode.
                self.send_body(status, "text/plain", echo.encode("utf-8"))
                return
            self.send_json(status, bodies[method])
            return
        self.send_json(status, {"errors": [{"code": "root.reflected", "message": echo, "fields": [header]}]})

    def send_json(self, status: int, value, extra_headers=()):
        """Sends `value` as compact JSON with `status`."""
        self.send_body(status, "application/json; charset=utf-8", compact_json(value).encode("utf-8"), extra_headers)

    def send_body(self, status: int, content_type: str, data: bytes, extra_headers=()):
        """Sends a complete response with a `Content-Length`, so keep-alive clients know where it ends."""
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        for name, value in extra_headers:
            self.send_header(name, value)
        if status >= 400:
            # Real coordinators name the error codes in a header too.
            try:
                codes = [error["code"] for error in json.loads(data)["errors"]]
                self.send_header("X-Cloud-Error-Codes", ",".join(codes))
            except (ValueError, KeyError, TypeError):
                pass
        self.end_headers()
        self.wfile.write(data)
        self.wfile.flush()

    def log_message(self, format, *args):
        """One line per request on standard error (the harness keeps it for failure messages).

        Escaped to ASCII: a TLS client talking to `--plain-http` makes the request line binary.
        """
        line = "stand-in: %s %s" % (self.address_string(), format % args)
        sys.stderr.write(line.encode("ascii", "backslashreplace").decode("ascii") + "\n")
        sys.stderr.flush()


def failure_message(status: int, code: str) -> str:
    """A plausible human message for a `--fail` reply."""
    if status == 449:
        return "This action requires elevated permissions. Please enable elevated permissions and retry."
    if code == "enrollment_tokens.signing_key_not_found":
        return "The signing key for enrollment tokens could not be found"
    return f"Simulated failure {status} ({code})"


class StandInServer(http.server.ThreadingHTTPServer):
    """A threading HTTPS server whose handlers are daemon threads, so exiting never waits for them."""

    daemon_threads = True
    block_on_close = False

    def __init__(self, coordinator: Coordinator, context, port: int = 0):
        super().__init__(("127.0.0.1", port), Handler)
        self.coordinator = coordinator
        if context is not None:
            # The handshake runs lazily in the handler thread (on the first read), never in the accept
            # loop: a client that connects and stays silent must not block other clients.
            self.socket = context.wrap_socket(self.socket, server_side=True, do_handshake_on_connect=False)

    def handle_error(self, request, client_address):
        """One line instead of a traceback: failed handshakes are expected in the TLS tests."""
        error = sys.exc_info()[1]
        sys.stderr.write(f"stand-in: connection from {client_address[0]}:{client_address[1]}: {error!r}\n")
        sys.stderr.flush()


def parse_failure(text: str):
    """`METHOD:STATUS:CODE` -> `(METHOD, (STATUS, CODE))` for `--fail`."""
    parts = text.split(":", 2)
    if len(parts) != 3 or parts[0].upper() not in METHODS or not parts[1].isdigit() or not parts[2]:
        raise argparse.ArgumentTypeError(f"expected METHOD:STATUS:CODE with METHOD one of {', '.join(METHODS)}")
    status = int(parts[1])
    if not 400 <= status <= 599:
        raise argparse.ArgumentTypeError("STATUS must be an HTTP error status (400-599)")
    return parts[0].upper(), (status, parts[2])


def parse_seed(text: str):
    """`ID:role1,role2` -> `(ID, [roles])` for `--seed-token`; `ID:` means no roles."""
    token_id, separator, roles = text.partition(":")
    if not token_id or not separator:
        raise argparse.ArgumentTypeError("expected ID:role1,role2 (ID: for no roles)")
    return token_id, [role for role in roles.split(",") if role]


def parse_reflection(text: str):
    """`METHOD:STATUS` -> `(METHOD, STATUS)` for `--reflect-credentials` and `--two-errors`."""
    method, _, status = text.partition(":")
    if method.upper() not in METHODS or not status.isdigit():
        raise argparse.ArgumentTypeError(f"expected METHOD:STATUS with METHOD one of {', '.join(METHODS)}")
    return method.upper(), int(status)


def parse_method(text: str) -> str:
    """A method name the misbehaviour switches accept."""
    if text.upper() not in METHODS:
        raise argparse.ArgumentTypeError(f"METHOD must be one of {', '.join(METHODS)}")
    return text.upper()


def parse_arguments(argv):
    parser = argparse.ArgumentParser(
        description="A loopback HTTPS stand-in for an ECE coordinator's enrollment-tokens API, for tests. "
        "Prints 'PORT <n>' once listening; exits when standard input reaches end of file.",
    )
    server = parser.add_argument_group("server")
    server.add_argument("--cert", metavar="PATH", help="PEM server certificate (chain); required unless --plain-http")
    server.add_argument("--key", metavar="PATH", help="PEM private key of the certificate")
    server.add_argument(
        "--plain-http",
        action="store_true",
        help="serve plain HTTP instead of HTTPS (--cert and --key are then ignored)",
    )
    server.add_argument("--user", default="admin", help="basic-auth user name (default: admin)")
    server.add_argument(
        "--api-key-file",
        metavar="PATH",
        help="also accept 'Authorization: ApiKey KEY' with the key in this file (one trailing newline ignored)",
    )
    server.add_argument(
        "--port",
        type=int,
        default=0,
        metavar="N",
        help="listen on this loopback port (default: one the kernel picks)",
    )
    server.add_argument(
        "--password-file",
        required=True,
        metavar="PATH",
        help="file holding the basic-auth password (one trailing newline ignored)",
    )
    server.add_argument(
        "--secret-file",
        required=True,
        metavar="PATH",
        help="the installation's bootstrap_tokens_secret; its bytes minus one trailing newline are the HMAC key",
    )
    server.add_argument(
        "--seed-token",
        action="append",
        type=parse_seed,
        default=[],
        metavar="ID:ROLES",
        help="pre-list a persistent token id with comma-separated roles (repeatable); no token text exists for it",
    )
    server.add_argument(
        "--now",
        type=int,
        metavar="SECONDS",
        help="issue ephemeral tokens as if the time were SECONDS since the epoch (exp = SECONDS + validity)",
    )
    server.add_argument(
        "--log",
        metavar="PATH",
        help="append one JSON line per request: method, path, authorized, body (raw text), headers",
    )
    server.add_argument(
        "--no-stdin-watch",
        action="store_true",
        help="do not exit at end of standard input (for running by hand with </dev/null)",
    )
    misbehaviour = parser.add_argument_group("misbehaviour (for error-case tests)")
    misbehaviour.add_argument(
        "--fail",
        action="append",
        type=parse_failure,
        default=[],
        metavar="METHOD:STATUS:CODE",
        help="answer every authorized METHOD request with STATUS and an ECE error body with CODE (repeatable), "
        "e.g. POST:403:enrollment_tokens.signing_key_not_found, POST:449:root.needs_elevated_privileges, "
        "GET:500:root.unexpected",
    )
    misbehaviour.add_argument(
        "--grant-extra-role",
        metavar="ROLE",
        help="POST grants ROLE first, then the requested roles (the ECE docs example where ['allocator'] "
        "came back as ['proxy','allocator'])",
    )
    misbehaviour.add_argument(
        "--sign-with-secret-file",
        metavar="PATH",
        help="sign tokens with this secret instead of --secret-file (a token from another installation)",
    )
    misbehaviour.add_argument(
        "--reply-garbage",
        action="append",
        type=parse_method,
        default=[],
        metavar="METHOD",
        help="answer METHOD with 200 and an HTML login page instead of JSON (repeatable)",
    )
    misbehaviour.add_argument(
        "--reply-wrong-json",
        action="append",
        type=parse_method,
        default=[],
        metavar="METHOD",
        help='answer METHOD with 200 and JSON of the wrong shape: POST {"token":42}, GET {"tokens":"x"}, '
        'DELETE ["deleted"] (repeatable)',
    )
    misbehaviour.add_argument(
        "--reflect-credentials",
        action="append",
        type=parse_reflection,
        default=[],
        metavar="METHOD:STATUS",
        help="answer METHOD (authorized or not) with STATUS and a body echoing the Authorization header, the "
        "decoded user:password and the key in a URL's userinfo, query and fragment (repeatable)",
    )
    misbehaviour.add_argument(
        "--two-errors",
        action="append",
        type=parse_reflection,
        default=[],
        metavar="METHOD:STATUS",
        help="answer authorized METHOD requests with STATUS and an ECE error list of two entries, the first "
        "with fields (repeatable)",
    )
    misbehaviour.add_argument(
        "--delete-reply",
        choices=("object", "empty", "no-content"),
        default="object",
        help="what a successful DELETE answers: 200 {} (ECE's), 200 with an empty body, or 204",
    )
    misbehaviour.add_argument(
        "--hang",
        action="store_true",
        help="complete the TCP connection and TLS handshake, read the request, never reply (timeout tests); "
        "still exits promptly at the end of standard input",
    )
    options = parser.parse_args(argv)
    if not options.plain_http and not (options.cert and options.key):
        parser.error("--cert and --key are required unless --plain-http is given")
    methods = [method for method, _ in options.fail]
    if len(methods) != len(set(methods)):
        parser.error("--fail names the same METHOD twice")
    return options


def watch_stdin(server: StandInServer):
    """Shuts the server down when standard input reaches end of file (the harness closed it or died)."""
    try:
        while sys.stdin.buffer.read(4096):
            pass
    except OSError:
        pass
    server.coordinator.stopping.set()
    server.shutdown()


def main(argv=None) -> int:
    options = parse_arguments(argv)
    context = None
    if not options.plain_http:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(options.cert, options.key)
    coordinator = Coordinator(options)
    try:
        server = StandInServer(coordinator, context, options.port)
    except OSError as error:
        sys.stderr.write(f"stand-in: cannot listen on 127.0.0.1:{options.port}: {error}\n")
        sys.stdout.write(f"BUSY {options.port}\n")
        sys.stdout.flush()
        return 3
    port = server.server_address[1]
    if not options.no_stdin_watch:
        threading.Thread(target=watch_stdin, args=(server,), name="stdin-watch", daemon=True).start()
    # The harness waits for exactly this line; nothing else is ever written to standard output.
    sys.stdout.write(f"PORT {port}\n")
    sys.stdout.flush()
    try:
        server.serve_forever(poll_interval=0.1)
    except KeyboardInterrupt:
        pass
    finally:
        coordinator.stopping.set()
        server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
