#!/usr/bin/env python3
"""A fault-injecting HTTP proxy in front of a real S3 server, for tests.

Prints one JSON line {"endpoint": ...} when ready and lives until stdin closes. Faults are
set at run time with POST /__fault__ and a JSON body (unset fields keep their value):
  strip_token   bool  drop <NextContinuationToken> from listings (a known Spaces bug)
  strip_markers bool  drop the next-page markers (NextKeyMarker, NextVersionIdMarker,
                      NextUploadIdMarker) from version and multipart-upload listings
  slowdown      int   answer the next N requests with 503 SlowDown
  drop          int   close the connection mid-body on the next N responses
  delay_ms      int   wait this long before forwarding each request
  hold_parts    int   hold every UploadPart request for part N or later (0: none) until
                      this is set back to 0 (or above N); then it is forwarded as usual
  deny_put      str   answer 403 AccessDenied to every PUT whose decoded path contains this
                      text ("" for none): a write the server refuses for one key
  deny_acl_put  bool  answer 403 AccessDenied to every PUT ...?acl (an object's or a bucket's
                      ACL), and let every other request through
GET /__fault__ returns the settings and counters: requests seen, faults injected, `held`
(UploadPart requests held now or still being forwarded after their hold), `part_puts`
(UploadPart requests), `range_gets` (GETs with a Range header), and `peak_in_flight` (the
most requests open at once).
It also corrects one moto deviation from S3: ListParts' root element (see forward_body()).
"""
import argparse
import http.client
import json
import re
import socket
import sys
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

STATE = {"strip_token": False, "strip_markers": False, "slowdown": 0, "drop": 0, "delay_ms": 0, "hold_parts": 0,
         "requests": 0, "injected": 0, "held": 0, "part_puts": 0, "range_gets": 0,
         "in_flight": 0, "peak_in_flight": 0, "deny_put": "", "deny_acl_put": False, "denied": 0}
READ_ONLY = {"held", "in_flight"}
LOCK = threading.Lock()
RELEASED = threading.Condition(LOCK)
TOKEN = re.compile(rb"<NextContinuationToken>.*?</NextContinuationToken>", re.S)
MARKERS = re.compile(rb"<(NextKeyMarker|NextVersionIdMarker|NextUploadIdMarker)>.*?</\1>", re.S)
PAGED_BY_MARKERS = (b"<ListVersionsResult", b"<ListMultipartUploadsResult")
DENIED = (b'<?xml version="1.0" encoding="UTF-8"?><Error><Code>AccessDenied</Code>'
          b"<Message></Message></Error>")
SLOWDOWN = (b'<?xml version="1.0" encoding="UTF-8"?><Error><Code>SlowDown</Code>'
            b"<Message></Message></Error>")


def part_number(method: str, path: str) -> int | None:
    """The part number of an UploadPart request (PUT ?partNumber=N&uploadId=...), else None."""
    if method != "PUT":
        return None
    query = urllib.parse.parse_qs(urllib.parse.urlsplit(path).query)
    if "uploadId" not in query or "partNumber" not in query:
        return None
    try:
        return int(query["partNumber"][0])
    except ValueError:
        return None


def hold(part: int | None) -> bool:
    """Block while `hold_parts` holds this part; True if it was held (counted in `held`)."""
    if part is None:
        return False
    with RELEASED:
        if not (STATE["hold_parts"] and part >= STATE["hold_parts"]):
            return False
        STATE["held"] += 1
        STATE["injected"] += 1
        RELEASED.wait_for(lambda: not (STATE["hold_parts"] and part >= STATE["hold_parts"]))
        return True


def take(name: str) -> bool:
    with LOCK:
        if STATE[name] > 0:
            STATE[name] -= 1
            STATE["injected"] += 1
            return True
        return False


class Proxy(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    upstream: urllib.parse.SplitResult

    def log_message(self, *args: object) -> None:
        pass

    def do_control(self) -> None:
        if self.command == "POST":
            body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))) or b"{}")
            with RELEASED:
                STATE.update({k: v for k, v in body.items() if k in STATE and k not in READ_ONLY})
                RELEASED.notify_all()
        with LOCK:
            payload = json.dumps(STATE).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def forward(self) -> None:
        if self.path.startswith("/__fault__"):
            return self.do_control()
        part = part_number(self.command, self.path)
        with LOCK:
            STATE["requests"] += 1
            STATE["part_puts"] += part is not None
            STATE["range_gets"] += self.command == "GET" and "Range" in self.headers
            STATE["in_flight"] += 1
            STATE["peak_in_flight"] = max(STATE["peak_in_flight"], STATE["in_flight"])
            delay = STATE["delay_ms"]
        held = False
        try:
            length = int(self.headers.get("Content-Length", 0) or 0)
            body = self.rfile.read(length) if length else None
            held = hold(part)
            self.forward_body(body, delay)
        finally:
            with LOCK:
                STATE["in_flight"] -= 1
                if held:
                    STATE["held"] -= 1

    def forward_body(self, body: bytes | None, delay: int) -> None:
        if delay:
            time.sleep(delay / 1000)
        if take("slowdown"):
            return self.reply(503, {"Content-Type": "application/xml"}, SLOWDOWN)
        if self.denied():
            return self.reply(403, {"Content-Type": "application/xml"}, DENIED)
        conn = http.client.HTTPConnection(self.upstream.hostname, self.upstream.port, timeout=60)
        headers = {k: v for k, v in self.headers.items() if k.lower() != "connection"}
        conn.request(self.command, self.path, body=body, headers=headers)
        resp = conn.getresponse()
        data = resp.read()
        conn.close()
        # moto names ListParts' root element ListPartsResponse; S3 and Ceph say ListPartsResult.
        if self.command == "GET" and b"<ListPartsResponse" in data[:200]:
            data = data.replace(b"ListPartsResponse", b"ListPartsResult")
        if STATE["strip_token"] and self.command == "GET" and b"<ListBucketResult" in data[:400]:
            data = TOKEN.sub(b"", data)
        if STATE["strip_markers"] and self.command == "GET" and any(
                root in data[:400] for root in PAGED_BY_MARKERS):
            data = MARKERS.sub(b"", data)
        out_headers = {k: v for k, v in resp.getheaders()
                       if k.lower() not in ("content-length", "transfer-encoding", "connection")}
        if self.command == "HEAD":
            # A HEAD's Content-Length describes the object, not this (empty) body.
            out_headers["Content-Length"] = resp.getheader("Content-Length", "0")
        if self.command != "HEAD" and data and take("drop"):
            self.send_response(resp.status)
            for k, v in out_headers.items():
                self.send_header(k, v)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data[: len(data) // 2])
            self.wfile.flush()
            self.connection.shutdown(socket.SHUT_RDWR)
            self.close_connection = True
            return
        self.reply(resp.status, out_headers, data)

    def denied(self) -> bool:
        url = urllib.parse.urlsplit(self.path)
        path = urllib.parse.unquote(url.path)
        acl = "acl" in urllib.parse.parse_qs(url.query, keep_blank_values=True)
        with LOCK:
            deny = STATE["deny_put"]
            by_path = deny and deny in path
            if self.command == "PUT" and (by_path or (acl and STATE["deny_acl_put"])):
                STATE["denied"] += 1
                return True
        return False

    def reply(self, status: int, headers: dict, data: bytes) -> None:
        self.send_response(status)
        for k, v in headers.items():
            self.send_header(k, v)
        if "Content-Length" not in headers:
            self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)

    do_GET = do_PUT = do_POST = do_DELETE = do_HEAD = forward


class QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        # Clients that hang up mid-request (a killed transfer) are expected here.
        pass


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--upstream", required=True)
    args = ap.parse_args()
    Proxy.upstream = urllib.parse.urlsplit(args.upstream)
    server = QuietServer(("127.0.0.1", 0), Proxy)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    print(json.dumps({"endpoint": f"http://127.0.0.1:{server.server_address[1]}"}), flush=True)
    sys.stdin.read()
    server.shutdown()


if __name__ == "__main__":
    main()
