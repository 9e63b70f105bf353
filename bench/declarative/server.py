"""The benchmark's API: pages of 100 records, pre-rendered, over HTTP/1.1 keep-alive.

/items: 500 pages (cursor pagination); with `updated_until`, the 50 pages of the day that
`updated_since` names (days 2024-01-01 to 2024-01-10, each its own cursor chain), the same
records as a time-sliced incremental stream reads them; /projects: 50 records;
/projects/N/comments: 10 pages each. Prints its port on the first line of stdout.
`--serve-only` keeps it running.

Every response (status line, headers and body) is rendered once at start-up, and the server
is a bare asyncio protocol that reads the request line and writes those bytes, so a request
costs it a few microseconds: the benchmark measures the engines, not this server.
"""
import asyncio
import json
import sys

PAGE = 100
ITEM_PAGES = 500
PROJECTS = 50
COMMENT_PAGES = 10


def response(body, status=b"200 OK"):
    return (b"HTTP/1.1 " + status + b"\r\nContent-Type: application/json\r\nContent-Length: "
            + str(len(body)).encode() + b"\r\n\r\n" + body)


def render(records, next_cursor):
    return response(json.dumps({"data": records, "next_cursor": next_cursor}).encode())


DAYS = 10
DAY_PAGES = ITEM_PAGES // DAYS
ITEMS = []
ITEMS_BY_DAY = [[] for _ in range(DAYS)]
for page in range(ITEM_PAGES):
    day, page_of_day = divmod(page, DAY_PAGES)
    records = [{"id": page * PAGE + i, "name": f"item {page * PAGE + i}", "price": (i * 7) % 1000 / 10 + 0.25,
                "tags": ["a", "b"],
                "updated_at": f"2024-01-{day + 1:02d}T{page_of_day // 3:02d}:{(page_of_day % 3) * 20:02d}:{i % 60:02d}Z",
                "description": "x" * 80} for i in range(PAGE)]
    ITEMS.append(render(records, str(page + 1) if page + 1 < ITEM_PAGES else None))
    ITEMS_BY_DAY[day].append(render(records, str(page_of_day + 1) if page_of_day + 1 < DAY_PAGES else None))
PROJECT_PAGE = render([{"id": p, "name": f"project {p}"} for p in range(PROJECTS)], None)
COMMENTS = {}
for project in range(PROJECTS):
    for page in range(COMMENT_PAGES):
        records = [{"id": f"{project}-{page}-{i}", "body": "y" * 60, "author": {"id": i, "name": f"user {i}"}} for i in range(PAGE)]
        COMMENTS[(project, page)] = render(records, str(page + 1) if page + 1 < COMMENT_PAGES else None)
NOT_FOUND = response(b"{}", b"404 Not Found")


def answer(target):
    """The pre-rendered response for a request target such as `/items?cursor=3&limit=100`."""
    path, _, query = target.partition(b"?")
    page, day, sliced = 0, 0, False
    for pair in query.split(b"&"):
        if pair.startswith(b"cursor="):
            page = int(pair[7:] or 0)
        elif pair.startswith(b"updated_since=2024-01-"):
            day = int(pair[22:24]) - 1
        elif pair.startswith(b"updated_until="):
            sliced = True
    parts = path.strip(b"/").split(b"/")
    try:
        if parts == [b"items"]:
            return ITEMS_BY_DAY[day][page] if sliced else ITEMS[page]
        if parts == [b"projects"]:
            return PROJECT_PAGE
        if len(parts) == 3 and parts[0] == b"projects" and parts[2] == b"comments":
            return COMMENTS[(int(parts[1]), page)]
    except (IndexError, KeyError, ValueError):
        pass
    return NOT_FOUND


class Connection(asyncio.Protocol):
    def connection_made(self, transport):
        self.transport = transport
        self.pending = b""

    def data_received(self, data):
        self.pending += data
        while True:
            end = self.pending.find(b"\r\n\r\n")
            if end < 0:
                return
            head, self.pending = self.pending[:end], self.pending[end + 4:]
            # GET requests only: no body follows the headers.
            line = head.split(b"\r\n", 1)[0].split(b" ")
            self.transport.write(answer(line[1]) if len(line) == 3 else NOT_FOUND)


async def serve():
    server = await asyncio.get_running_loop().create_server(Connection, "127.0.0.1", 0, backlog=256)
    print(server.sockets[0].getsockname()[1], flush=True)
    await server.serve_forever()


if __name__ == "__main__":
    try:
        asyncio.run(serve())
    except KeyboardInterrupt:
        sys.exit(0)
