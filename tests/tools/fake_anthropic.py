#!/usr/bin/env python3
"""fake_anthropic: a scripted stand-in for the Anthropic Messages API on 127.0.0.1, for tests.

It speaks the same protocol (POST /v1/messages, JSON in and out, the API's error bodies and headers)
and records every request (time, path, headers, body) so that tests can check what the client sent,
how often, and when.

The behaviour is chosen by the request's model name (anything after '#' is a free tag, so that
tests can keep their counters apart), or by an `x-fake-scenario` header when one is sent:

  ok, claude-*, anything else   200, the answer "pong" (or the text registered with set_answer)
  status-NNN                    HTTP NNN with the API's error body for it, every time
  status-400-credit             400 "Your credit balance is too low ..."
  status-400-spend              400 "You have reached your specified API usage limits ..."
  status-NNN-ra-S               HTTP NNN with `retry-after: S`, every time
  status-NNN-ram-MS             HTTP NNN with `retry-after-ms: MS`, every time
  flaky-N-NNN[-ra-S|-ram-MS]    the first N requests fail with HTTP NNN (and the header), then 200
  flaky-N-drop                  the first N requests get the connection closed without an answer
  should-retry-false            500 with `x-should-retry: false`
  slow-S                        waits S seconds, then 200
  html-404                      404 with an HTML page (a wrong base URL)
  redirect                      301 to another port
  malformed                     200 with a body that is not JSON
  no-content                    200 JSON without a content array
  empty                         200 with an empty content array
  refusal                       200 with no text and stop_reason "refusal"
  multi-block                   200 with two text blocks around a thinking block ("po" + "ng")
  max-tokens                    200, stop_reason "max_tokens", the text cut off
  echo-key                      400 whose message quotes the x-api-key it received
  echo-request                  200 whose text is the request body (JSON)

Use it in-process (FakeAnthropic().start() returns the port; .requests lists what arrived;
.set_answer(model, text) scripts the text of a 200 answer) or as a program:
`fake_anthropic.py` prints the port on stdout, then serves until killed; GET /__requests returns
the recorded requests as JSON.
"""
import http.server
import json
import sys
import threading
import time

ERROR_TYPES = {
    400: "invalid_request_error",
    401: "authentication_error",
    403: "permission_error",
    404: "not_found_error",
    408: "timeout_error",
    409: "conflict_error",
    413: "request_too_large",
    429: "rate_limit_error",
    500: "api_error",
    502: "api_error",
    503: "api_error",
    529: "overloaded_error",
}

ERROR_MESSAGES = {
    400: "messages: field required",
    401: "invalid x-api-key",
    403: "Your API key does not have permission to use the specified resource.",
    413: "Request exceeds the maximum allowed number of bytes.",
    429: "Number of request tokens has exceeded your per-minute rate limit",
    500: "Internal server error",
    529: "Overloaded",
}

CREDIT = ("Your credit balance is too low to access the Anthropic API. Please go to Plans & Billing "
          "to upgrade or purchase credits.")
SPEND = ("You have reached your specified API usage limits. You will regain access on 2030-01-01 "
         "at 00:00 UTC.")


class FakeAnthropic:
    def __init__(self):
        self.requests = []  # dicts: t (monotonic), path, headers (lower-case names), body, raw, model
        self.answers = {}  # model -> text of a 200 answer
        self.counts = {}  # model -> requests seen
        self.lock = threading.Lock()
        self.server = None
        self.thread = None

    def set_answer(self, model, text):
        self.answers[model] = text

    def requests_for(self, model):
        with self.lock:
            return [r for r in self.requests if r["model"] == model]

    def start(self):
        fake = self

        class Handler(_Handler):
            owner = fake

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()
        return self.server.server_address[1]

    def stop(self):
        if self.server:
            self.server.shutdown()
            self.server.server_close()
            self.server = None


def message_body(model, text, stop_reason="end_turn", blocks=None):
    return {
        "id": "msg_fake",
        "type": "message",
        "role": "assistant",
        "model": model,
        "content": blocks if blocks is not None else [{"type": "text", "text": text}],
        "stop_reason": stop_reason,
        "stop_sequence": None,
        "usage": {"input_tokens": 12, "output_tokens": 3},
    }


def error_body(status, message=None):
    return {
        "type": "error",
        "error": {"type": ERROR_TYPES.get(status, "api_error"),
                  "message": message or ERROR_MESSAGES.get(status, f"HTTP {status}")},
        "request_id": "req_fake",
    }


class _Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    owner = None  # the FakeAnthropic

    def log_message(self, fmt, *args):  # quiet
        pass

    def send_json(self, status, obj, headers=()):
        self.send_raw(status, json.dumps(obj).encode(), "application/json", headers)

    def send_raw(self, status, data, ctype, headers=()):
        try:
            self.send_response(status)
            self.send_header("content-type", ctype)
            self.send_header("content-length", str(len(data)))
            self.send_header("request-id", "req_fake_%d" % len(self.owner.requests))
            for name, value in headers:
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):
            pass

    def do_GET(self):
        if self.path == "/__requests":
            with self.owner.lock:
                reqs = [{k: v for k, v in r.items() if k != "raw"} for r in self.owner.requests]
            self.send_json(200, reqs)
        else:
            self.send_raw(404, b"<html><body>Not Found</body></html>", "text/html")

    def do_POST(self):
        length = int(self.headers.get("content-length") or 0)
        raw = self.rfile.read(length) if length else b""
        try:
            body = json.loads(raw)
        except ValueError:
            body = None
        model = body.get("model", "") if isinstance(body, dict) else ""
        scenario = self.headers.get("x-fake-scenario") or model.split("#", 1)[0]
        fake = self.owner
        with fake.lock:
            fake.counts[model] = n = fake.counts.get(model, 0) + 1
            fake.requests.append({
                "t": time.monotonic(), "path": self.path, "model": model, "n": n,
                "headers": {k.lower(): v for k, v in self.headers.items()}, "body": body, "raw": raw,
            })
        if self.path != "/v1/messages":
            self.send_raw(404, b"<html><body>Not Found</body></html>", "text/html")
            return
        if body is None:
            self.send_json(400, error_body(400, "The request body is not valid JSON"))
            return
        self.respond(scenario, model, n, body)

    def respond(self, scenario, model, n, body):
        parts = scenario.split("-")
        answer = self.owner.answers.get(model, "pong")
        if scenario.startswith("status-"):
            status = int(parts[1])
            if scenario == "status-400-credit":
                self.send_json(400, error_body(400, CREDIT))
            elif scenario == "status-400-spend":
                self.send_json(400, error_body(400, SPEND))
            elif status == 404:
                self.send_json(404, error_body(404, f"model: {model}"))
            else:
                self.send_json(status, error_body(status), retry_headers(parts[2:]))
        elif scenario.startswith("flaky-"):
            failures = int(parts[1])
            if n > failures:
                self.send_json(200, message_body(model, answer))
            elif parts[2] == "drop":
                self.close_connection = True
                try:
                    self.connection.shutdown(2)
                except OSError:
                    pass
            else:
                status = int(parts[2])
                self.send_json(status, error_body(status), retry_headers(parts[3:]))
        elif scenario == "should-retry-false":
            self.send_json(500, error_body(500), [("x-should-retry", "false")])
        elif scenario.startswith("slow-"):
            time.sleep(float(parts[1]))
            self.send_json(200, message_body(model, answer))
        elif scenario == "html-404":
            self.send_raw(404, b"<html><body><h1>404 Not Found</h1></body></html>", "text/html")
        elif scenario == "redirect":
            self.send_raw(301, b"", "text/plain", [("location", "http://127.0.0.1:9/v1/messages")])
        elif scenario == "malformed":
            self.send_raw(200, b'{"type": "message", "content": [{"type": "text", "te', "application/json")
        elif scenario == "no-content":
            self.send_json(200, {"type": "message", "model": model, "stop_reason": "end_turn"})
        elif scenario == "empty":
            self.send_json(200, message_body(model, "", blocks=[]))
        elif scenario == "refusal":
            self.send_json(200, message_body(model, "", "refusal", blocks=[]))
        elif scenario == "multi-block":
            self.send_json(200, message_body(model, "", blocks=[
                {"type": "text", "text": "po"},
                {"type": "thinking", "thinking": "hidden", "signature": "x"},
                {"type": "text", "text": "ng"},
            ]))
        elif scenario == "max-tokens":
            self.send_json(200, message_body(model, answer[: max(1, len(answer) // 2)], "max_tokens"))
        elif scenario == "echo-key":
            key = self.headers.get("x-api-key", "")
            self.send_json(400, error_body(400, f"invalid request for key {key}: try again"))
        elif scenario == "echo-request":
            self.send_json(200, message_body(model, json.dumps(body)))
        else:
            self.send_json(200, message_body(model, answer))


def retry_headers(parts):
    """["ra", "2"] -> retry-after: 2; ["ram", "150"] -> retry-after-ms: 150."""
    if len(parts) >= 2 and parts[0] == "ra":
        return [("retry-after", parts[1])]
    if len(parts) >= 2 and parts[0] == "ram":
        return [("retry-after-ms", parts[1])]
    return []


def main():
    fake = FakeAnthropic()
    port = fake.start()
    print(port, flush=True)
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        fake.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
