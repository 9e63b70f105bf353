"""A local HTTP server that answers a manifest's requests with canned, schema-shaped data.

It reads the manifest as the Python CDK resolves it and, for each request, finds the
stream whose URL template matches the path, then answers a page of records at the
extractor's path, shaped after the stream's JSON schema (primary keys unique, the cursor
field a datetime in the sync window). The page a request asks for is read from the
request itself (a `tok-2` marker, or the paginator's token field), so answers do not depend
on the order requests arrive in: the first page is full and carries a next-page token where
the paginator reads one (a response field, a Link header), the second is short, later ones
empty. Every request is recorded.
"""
import json
import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, urlsplit

TEMPLATE = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.S)
TRANSPORT_HEADERS = {"user-agent", "accept-encoding", "accept", "connection", "host", "content-length"}


def url_pattern(template):
    """A regex for the paths a URL template can produce (template parts match anything)."""
    path = template
    match = re.match(r"https?://[^/]*", path)
    if match:
        path = path[match.end():]
    parts = TEMPLATE.split(path)
    literal = sum(len(p) for p in parts)
    regex = "(?:.*?)".join(re.escape(p) for p in parts)
    regex = regex.replace("\\?", "(?:\\?|$)")
    return re.compile("^/?" + regex.lstrip("/") + "/?$"), literal


class StreamModel:
    """What the server needs to know of a stream to answer for it."""

    def __init__(self, name, spec):
        self.name = name
        self.spec = spec
        self.patterns = []

    def add_url(self, template):
        self.patterns.append(url_pattern(template))

    def score(self, path):
        best = -1
        for pattern, literal in self.patterns:
            if pattern.match(path):
                best = max(best, literal)
        return best


class MockAPI:
    def __init__(self, streams, page_fields, record_factory, token_body=None):
        self.streams = streams
        self.page_fields = page_fields  # names of query/body/header fields that carry paging
        self.record_factory = record_factory
        self.token_body = token_body or {"access_token": "access-token-1", "expires_in": 3600}
        self.requests = []
        self.counts = {}
        self.lock = threading.Lock()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def start(self):
        self.thread.start()
        return self

    def stop(self):
        self.server.shutdown()
        self.server.server_close()

    def reset(self):
        with self.lock:
            self.requests = []
            self.counts = {}

    def _handler(self):
        api = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def _serve(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                status, headers, payload = api.answer(self.command, self.path, dict(self.headers), body)
                self.send_response(status)
                for name, value in headers:
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = _serve

        return Handler

    def answer(self, method, raw_path, headers, body):
        split = urlsplit(raw_path)
        query = parse_qsl(split.query, keep_blank_values=True)
        kept_headers = sorted((k.lower(), v) for k, v in headers.items() if k.lower() not in TRANSPORT_HEADERS)
        with self.lock:
            self.requests.append({
                "method": method, "path": split.path, "query": sorted(query),
                "headers": kept_headers, "body": normalize_body(body, headers),
            })
        candidates = []
        best = -1
        for stream in self.streams:
            score = stream.score(split.path)
            if score > best:
                best, candidates = score, [stream]
            elif score == best and score >= 0:
                candidates.append(stream)
        if not candidates:
            # Token and login endpoints: what authenticators read from them.
            return 200, [("Content-Type", "application/json")], json.dumps(self.token_body).encode()
        return self.record_factory(candidates, split, query, headers, body)


def normalize_body(body, headers, drop=()):
    if not body:
        return None
    text = body.decode("utf-8", "replace")
    content_type = ""
    for name, value in headers.items():
        if name.lower() == "content-type":
            content_type = value
    try:
        value = json.loads(text)
        if isinstance(value, dict):
            value = {k: v for k, v in value.items() if k not in drop}
        return json.dumps(value, sort_keys=True)
    except ValueError:
        pass
    if "x-www-form-urlencoded" in content_type:
        return json.dumps(sorted((k, v) for k, v in parse_qsl(text, keep_blank_values=True) if k not in drop))
    return text
