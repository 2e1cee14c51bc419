#!/usr/bin/env python3
"""Deterministic generator of ECE-shaped roles tokens for the audit benchmark.

    generate-tokens.py N OUT SECRET_FILE [--now UNIX_SECONDS] [--seed SEED]

Writes N tokens, one per line, to OUT (``-`` for stdout), signed with HMAC-SHA256 keyed with the
secret *as written* in SECRET_FILE (the file's bytes with exactly one trailing newline stripped,
which is what ``ecetoken --secret-file`` does and what ECE does with ``bootstrap_tokens_secret``).

Shape of each token (what ECE's enrollment-tokens API issues):
  header  {"typ":"JWT","alg":"HS256"}
  claims  {"sub":<uuid4>,"roles":[1-4 of allocator/coordinator/proxy/director],"iss":"current",
           "persistent":<bool>[,"exp":<int>]}   (ECE's member order, compact)
  - every even-numbered token is ephemeral (persistent false, exp between 1 day and 1 year after
    --now), every odd-numbered one persistent (no exp): exactly half and half;
  - about 5% (each token independently, probability 0.05) get a tampered signature: one bit of
    the decoded MAC flipped and re-encoded canonically, so a verifier must report a bad signature
    (not a malformed token).

With the same N, seed and secret the output is byte-identical on every run. The expected counts
go to stdout as one line of key=value pairs (the benchmark script parses it):

  tokens=N valid=V invalid=I ephemeral=E persistent=P now=T seed=S

Every token is valid at --now (default 1800000000 = 2027-01-15T08:00:00Z) except the tampered ones.
"""

import argparse
import base64
import hashlib
import hmac
import json
import random
import sys

HEADER = b'{"typ":"JWT","alg":"HS256"}'
ROLES = ["allocator", "coordinator", "proxy", "director"]
DEFAULT_NOW = 1_800_000_000
DEFAULT_SEED = 20270115
TAMPER_PROBABILITY = 0.05


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def b64url_decode(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def read_secret(path: str) -> bytes:
    with open(path, "rb") as handle:
        data = handle.read()
    if data.endswith(b"\n"):
        data = data[:-1]
    if not data:
        sys.exit(f"generate-tokens.py: {path}: empty secret")
    return data


def uuid4(rng: random.Random) -> str:
    value = bytearray(rng.getrandbits(128).to_bytes(16, "big"))
    value[6] = (value[6] & 0x0F) | 0x40
    value[8] = (value[8] & 0x3F) | 0x80
    h = value.hex()
    return f"{h[0:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:32]}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("count", type=int, metavar="N")
    parser.add_argument("out", metavar="OUT")
    parser.add_argument("secret_file", metavar="SECRET_FILE")
    parser.add_argument("--now", type=int, default=DEFAULT_NOW, help="the clock the expiries are relative to")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    args = parser.parse_args()
    if args.count < 0:
        sys.exit("generate-tokens.py: N must be >= 0")

    key = read_secret(args.secret_file)
    rng = random.Random(args.seed)
    header = b64url(HEADER)
    mac = hmac.new(key, digestmod=hashlib.sha256)  # keyed once, copied per token

    valid = invalid = ephemeral = persistent = 0
    lines = []
    for index in range(args.count):
        roles = rng.sample(ROLES, rng.randint(1, 4))
        sub = uuid4(rng)
        is_ephemeral = index % 2 == 0
        if is_ephemeral:
            exp = args.now + rng.randint(86_400, 365 * 86_400)
            claims = {"sub": sub, "roles": roles, "iss": "current", "persistent": False, "exp": exp}
            ephemeral += 1
        else:
            claims = {"sub": sub, "roles": roles, "iss": "current", "persistent": True}
            persistent += 1
        payload = b64url(json.dumps(claims, separators=(",", ":")).encode("ascii"))
        signing_input = f"{header}.{payload}"
        digest_state = mac.copy()
        digest_state.update(signing_input.encode("ascii"))
        signature = bytearray(digest_state.digest())
        if rng.random() < TAMPER_PROBABILITY:
            bit = rng.randrange(256)
            signature[bit // 8] ^= 0x80 >> (bit % 8)
            invalid += 1
        else:
            valid += 1
        lines.append(f"{signing_input}.{b64url(bytes(signature))}\n")

    text = "".join(lines)
    if args.out == "-":
        sys.stdout.write(text)
        sys.stdout.flush()
        report = sys.stderr
    else:
        with open(args.out, "w", encoding="ascii", newline="\n") as handle:
            handle.write(text)
        report = sys.stdout
    print(
        f"tokens={args.count} valid={valid} invalid={invalid} ephemeral={ephemeral} "
        f"persistent={persistent} now={args.now} seed={args.seed}",
        file=report,
    )


if __name__ == "__main__":
    main()
