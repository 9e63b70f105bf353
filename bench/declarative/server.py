"""The benchmark's API: pages of 100 records, pre-rendered, over HTTP/1.1 keep-alive.

/items: 500 pages (cursor pagination); /projects: 50 records; /projects/N/comments: 10
pages each. Prints its port on the first line of stdout. `--serve-only` keeps it running.
"""
import json
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, urlsplit

PAGE = 100
ITEM_PAGES = 500
PROJECTS = 50
COMMENT_PAGES = 10


def render(records, next_cursor):
    return json.dumps({"data": records, "next_cursor": next_cursor}).encode()


ITEMS = []
for page in range(ITEM_PAGES):
    records = [{"id": page * PAGE + i, "name": f"item {page * PAGE + i}", "price": (i * 7) % 1000 / 10 + 0.25,
                "tags": ["a", "b"], "updated_at": f"2024-05-{1 + (page * PAGE + i) % 28:02d}T12:00:00Z",
                "description": "x" * 80} for i in range(PAGE)]
    ITEMS.append(render(records, str(page + 1) if page + 1 < ITEM_PAGES else None))
PROJECT_BODY = render([{"id": p, "name": f"project {p}"} for p in range(PROJECTS)], None)
COMMENTS = {}
for project in range(PROJECTS):
    for page in range(COMMENT_PAGES):
        records = [{"id": f"{project}-{page}-{i}", "body": "y" * 60, "author": {"id": i, "name": f"user {i}"}} for i in range(PAGE)]
        COMMENTS[(project, page)] = render(records, str(page + 1) if page + 1 < COMMENT_PAGES else None)


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def do_GET(self):
        split = urlsplit(self.path)
        query = dict(parse_qsl(split.query))
        page = int(query.get("cursor") or 0)
        parts = split.path.strip("/").split("/")
        if parts == ["items"]:
            body = ITEMS[page]
        elif parts == ["projects"]:
            body = PROJECT_BODY
        elif len(parts) == 3 and parts[0] == "projects" and parts[2] == "comments":
            body = COMMENTS[(int(parts[1]), page)]
        else:
            self.send_response(404)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


if __name__ == "__main__":
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    print(server.server_address[1], flush=True)
    server.serve_forever()
