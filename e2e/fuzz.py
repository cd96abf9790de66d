"""Generated requests against the served OpenAPI document of a real
`medtrack serve` (SQLite, a fresh data directory), as an anonymous caller, a
patient, a doctor and an admin, with data that fits the document and data
that breaks it: no answer may be a server error, every answer must be one the
document describes (status, content type, schema), and data that breaks the
document must be refused.

    python3 e2e/fuzz.py BINARY [--seconds-per-role N]

Uses schemathesis (pinned in e2e/fuzz-requirements.txt); exits non-zero on any
failure. Reports go to e2e/artifacts/fuzz/.
"""

import argparse
import base64
import hashlib
import hmac
import json
import os
import re
import socket
import struct
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request

PASSWORD = "fuzzing the clinic keeps it honest 2026"
# Operations that would end the fuzzer's own session or lock its account.
EXCLUDED = [
    "/api/v1/auth/logout",
    "/api/v1/me/password",
    "/api/v1/me/two-factor/disable",
]


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def call(base, method, path, body=None, token=None):
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(base + path, data=data, method=method)
    request.add_header("content-type", "application/json")
    if token:
        request.add_header("authorization", f"Bearer {token}")
    try:
        with urllib.request.urlopen(request, timeout=30) as answer:
            text = answer.read()
    except urllib.error.HTTPError as error:
        raise SystemExit(f"{method} {path}: {error.code} {error.read()[:300]!r}")
    return json.loads(text) if text else None


def totp(secret):
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    counter = struct.pack(">Q", int(time.time()) // 30)
    digest = hmac.new(key, counter, hashlib.sha1).digest()
    offset = digest[-1] & 15
    code = (struct.unpack(">I", digest[offset:offset + 4])[0] & 0x7FFFFFFF) % 1_000_000
    return f"{code:06d}"


def sign_in(base, email):
    return call(base, "POST", "/api/v1/auth/login", {"email": email, "password": PASSWORD})[
        "access_token"
    ]


def confirm_address(base, admin, email):
    """Opens the confirmation link the development sink kept for `email`."""
    for _ in range(100):
        sent = call(base, "GET", "/api/v1/admin/sent-messages?limit=100", token=admin)
        for message in sent["items"]:
            if message["to"] == email and message["event"] == "account.confirm_email":
                token = re.search(r"#token=(\S+)", message["body"]).group(1)
                call(base, "POST", "/api/v1/auth/confirm-email", {"token": token})
                return
        time.sleep(0.1)
    raise SystemExit(f"no confirmation link for {email}")


def accounts(binary, base, env):
    """An admin with two-factor sign-in, a patient, an approved doctor."""
    subprocess.run(
        [binary, "admin", "create", "--email", "fuzz-admin@example.org",
         "--name", "Fuzz Admin", "--password-stdin"],
        input=f"{PASSWORD}\n", text=True, env=env, check=True, capture_output=True,
    )
    admin = sign_in(base, "fuzz-admin@example.org")
    secret = call(base, "POST", "/api/v1/me/two-factor", {}, admin)["secret"]
    call(base, "POST", "/api/v1/me/two-factor/confirm", {"code": totp(secret)}, admin)
    call(base, "POST", "/api/v1/auth/register", {
        "role": "patient", "name": "Fuzz Patient", "email": "fuzz-patient@example.org",
        "password": PASSWORD, "time_zone": "Europe/Lisbon", "date_of_birth": "1980-01-01",
    })
    doctor = call(base, "POST", "/api/v1/auth/register", {
        "role": "doctor", "name": "Fuzz Doctor", "email": "fuzz-doctor@example.org",
        "password": PASSWORD, "time_zone": "Europe/Lisbon",
        "specialization": "cardiology", "licence_number": "FUZZ-1",
    })
    for email in ["fuzz-patient@example.org", "fuzz-doctor@example.org"]:
        confirm_address(base, admin, email)
    call(base, "POST", f"/api/v1/admin/users/{doctor['id']}/decision",
         {"decision": "approve"}, admin)
    return {
        "anonymous": None,
        "patient": sign_in(base, "fuzz-patient@example.org"),
        "doctor": sign_in(base, "fuzz-doctor@example.org"),
        "admin": admin,
    }


def fuzz(base, role, token, seconds, reports):
    command = [
        os.path.join(os.path.dirname(sys.executable), "st"), "run",
        f"{base}/api/openapi.json", "--url", base,
        "--checks", "not_a_server_error,status_code_conformance,"
                    "content_type_conformance,response_schema_conformance,"
                    "negative_data_rejection",
        "--mode", "all", "--phases", "examples,coverage,fuzzing",
        "--max-examples", "25", "--max-time", str(seconds), "--seed", "2026",
        "--request-timeout", "20", "--no-color",
        "--report-junit-path", os.path.join(reports, f"{role}.xml"),
        "--report-json-path", os.path.join(reports, f"{role}.json"),
    ]
    for path in EXCLUDED:
        command += ["--exclude-path", path]
    if token:
        command += ["-H", f"Authorization: Bearer {token}"]
    print(f"-- fuzzing as {role} for {seconds} s", flush=True)
    done = subprocess.run(command)
    with open(os.path.join(reports, f"{role}.json")) as report:
        summary = json.load(report)
    cases = summary.get("test_cases", {})
    print(f"   {role}: {cases.get('generated', '?')} requests, "
          f"{cases.get('with_failures', '?')} with failures", flush=True)
    return done.returncode


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("binary")
    parser.add_argument("--seconds-per-role", type=int, default=90)
    arguments = parser.parse_args()
    reports = os.path.join(os.path.dirname(os.path.abspath(__file__)), "artifacts", "fuzz")
    os.makedirs(reports, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="medtrack-fuzz-") as data:
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        env = {**os.environ, "MEDTRACK_DATA_DIR": data, "MEDTRACK_LOG": "warn"}
        server = subprocess.Popen(
            [arguments.binary, "serve", "--bind", f"127.0.0.1:{port}",
             "--metrics-bind", "127.0.0.1:0", "--web-dir", data],
            env=env,
        )
        try:
            for _ in range(300):
                try:
                    urllib.request.urlopen(f"{base}/readyz", timeout=1)
                    break
                except OSError:
                    time.sleep(0.1)
            tokens = accounts(arguments.binary, base, env)
            failed = [
                role for role, token in tokens.items()
                if fuzz(base, role, token, arguments.seconds_per_role, reports) != 0
            ]
        finally:
            server.terminate()
            server.wait(timeout=30)
    if failed:
        raise SystemExit(f"the fuzzer found problems as: {', '.join(failed)} (see {reports})")
    print("fuzzing found nothing")


if __name__ == "__main__":
    main()
