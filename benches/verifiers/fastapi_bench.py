"""Cost per request of the generated FastAPI verifier against a bare check.

usage: python fastapi_bench.py BACKEND_DIR   (run by benches/verifiers/run.sh)

Both sides are awaited as FastAPI awaits an async dependency, one request
after another on one event loop, with the key set already fetched:
- bare: split the token, Ed25519 verify of the signature, base64 + JSON decode
  of the payload (cryptography, the library PyJWT uses);
- verifier: the generated `get_current_user` dependency (header read, key
  lookup, jwt.decode with algorithm, issuer, audience, expiry checks, the
  CurrentUser model). A sync dependency (what earlier authgen versions wrote) is
  run the way FastAPI runs it, in the thread pool.
"""

import asyncio
import base64
import inspect
import json
import os
import statistics
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import jwt
from cryptography.hazmat.primitives.asymmetric import ed25519

ROUNDS, N = 9, 5_000
ORIGIN = "http://app.test"
private = ed25519.Ed25519PrivateKey.generate()
public = private.public_key()
jwk = jwt.get_algorithm_by_name("EdDSA").to_jwk(public, as_dict=True)
jwk = {**jwk, "kid": "k", "alg": "EdDSA"}


class Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802
        body = json.dumps({"keys": [jwk]}).encode()
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
threading.Thread(target=server.serve_forever, daemon=True).start()
os.environ.update(
    BETTER_AUTH_URL=ORIGIN,
    AUTH_JWKS_URL=f"http://127.0.0.1:{server.server_port}/jwks",
    AUTH_JWT_ALGORITHMS="EdDSA",
)
sys.path.insert(0, sys.argv[1])
from app.auth import get_current_user  # noqa: E402
from fastapi.concurrency import run_in_threadpool  # noqa: E402
from fastapi.security import HTTPAuthorizationCredentials  # noqa: E402

now = int(time.time())
claims = {
    **{"sub": "u1", "id": "u1", "email": "u1@example.com", "name": "U"},
    **{
        "emailVerified": False,
        "iat": now,
        "exp": now + 3600,
        "iss": ORIGIN,
        "aud": ORIGIN,
    },
}
token = jwt.encode(claims, private, algorithm="EdDSA", headers={"kid": "k"})
credentials = HTTPAuthorizationCredentials(scheme="Bearer", credentials=token)


def b64(segment: str) -> bytes:
    return base64.urlsafe_b64decode(segment + "=" * (-len(segment) % 4))


async def bare() -> dict:
    header, payload, signature = token.split(".")
    public.verify(b64(signature), f"{header}.{payload}".encode())
    return json.loads(b64(payload))


async def verifier() -> object:
    if inspect.iscoroutinefunction(get_current_user):
        return await get_current_user(credentials)
    return await run_in_threadpool(get_current_user, credentials)


async def round_us(fn) -> float:
    start = time.perf_counter()
    for _ in range(N):
        await fn()
    return (time.perf_counter() - start) / N * 1e6


async def main() -> None:
    assert (await verifier()).id == "u1"  # fetches the key set once
    assert (await bare())["sub"] == "u1"
    # Rounds alternate, so a busy machine slows both sides alike; medians are reported.
    bare_rounds, verifier_rounds = [], []
    for _ in range(ROUNDS):
        bare_rounds.append(await round_us(bare))
        verifier_rounds.append(await round_us(verifier))
    bare_us = statistics.median(bare_rounds)
    verifier_us = statistics.median(verifier_rounds)
    ratio = statistics.median(
        v / b for v, b in zip(verifier_rounds, bare_rounds, strict=True)
    )
    print(
        json.dumps(
            {
                "backend": "fastapi",
                "bare_us": round(bare_us, 1),
                "verifier_us": round(verifier_us, 1),
                "ratio": round(ratio, 2),
            }
        )
    )


asyncio.run(main())
server.shutdown()
