#!/usr/bin/env python3
"""Start a moto S3 server on a free loopback port for the test suites.

Prints one JSON line once the server answers: {"endpoint", "accessKey", "secretKey"}.
With --auth, moto checks access keys and signatures (IAM auth): a user with full S3 access
is made and its keys are printed. The server lives until stdin closes (the test process
that started it exits) or this process gets SIGTERM/SIGINT, so no server outlives its tests.
"""
import argparse
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_ready(endpoint: str, proc: subprocess.Popen, timeout: float = 30.0) -> None:
    deadline = time.time() + timeout
    while time.time() < deadline:
        if proc.poll() is not None:
            sys.exit(f"moto_server exited early with code {proc.returncode}")
        try:
            urllib.request.urlopen(endpoint + "/moto-api/", timeout=1)
            return
        except Exception:
            time.sleep(0.1)
    sys.exit("moto_server did not start in time")


def make_auth_user(endpoint: str) -> tuple[str, str]:
    """Exactly three unauthenticated calls (INITIAL_NO_AUTH_ACTION_COUNT=3) make the user."""
    import boto3

    iam = boto3.client(
        "iam", endpoint_url=endpoint, region_name="us-east-1",
        aws_access_key_id="bootstrap", aws_secret_access_key="bootstrap",
    )
    iam.create_user(UserName="spaceport-test")
    iam.put_user_policy(
        UserName="spaceport-test", PolicyName="s3-all",
        PolicyDocument=json.dumps({"Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]}),
    )
    key = iam.create_access_key(UserName="spaceport-test")["AccessKey"]
    return key["AccessKeyId"], key["SecretAccessKey"]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--auth", action="store_true", help="check keys and signatures")
    parser.add_argument("--port", type=int, default=0)
    args = parser.parse_args()

    port = args.port or free_port()
    endpoint = f"http://127.0.0.1:{port}"
    env = dict(os.environ)
    if args.auth:
        env["INITIAL_NO_AUTH_ACTION_COUNT"] = "3"
    proc = subprocess.Popen(
        ["moto_server", "-H", "127.0.0.1", "-p", str(port)],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )

    def stop(*_: object) -> None:
        proc.terminate()
        try:
            proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            proc.kill()
        sys.exit(0)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    # /moto-api/ is served without auth and does not count as an action.
    wait_ready(endpoint, proc)
    access, secret = make_auth_user(endpoint) if args.auth else ("test", "test")
    print(json.dumps({"endpoint": endpoint, "accessKey": access, "secretKey": secret}), flush=True)
    try:
        sys.stdin.read()
    finally:
        stop()


if __name__ == "__main__":
    main()
