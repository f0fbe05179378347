"""L0 of quality.md §1: the smallest WSGI application, on the same server
as Commonplace, so the bench knows what the server itself costs."""

BODY = b"Hello, World!"
HEADERS = [("Content-Type", "text/plain"), ("Content-Length", str(len(BODY)))]


def application(environ, start_response):
    start_response("200 OK", HEADERS)
    return [BODY]
