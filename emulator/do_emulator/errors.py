"""DigitalOcean's error responses: {"id", "message", "request_id"} with the API's own ids."""


class ApiError(Exception):
    """Raised by a handler to answer with DigitalOcean's error body; nothing the handler wrote is kept."""

    def __init__(self, status, error_id, message, headers=None):
        super().__init__(message)
        self.status = status
        self.error_id = error_id
        self.message = message
        self.headers = headers or {}


def bad_request(message):
    return ApiError(400, "bad_request", message)


def unauthorized(message="Unable to authenticate you"):
    return ApiError(401, "unauthorized", message)


def forbidden(message="You do not have access for the attempted action."):
    return ApiError(403, "forbidden", message)


def not_found(message="The resource you were accessing could not be found."):
    return ApiError(404, "not_found", message)


def method_not_allowed(allowed):
    """405 for a method the path does not serve; `allowed` are the ones it does, GET first (HEAD goes with it)."""
    if allowed[0] == "GET":
        allowed = ["GET", "HEAD", *allowed[1:]]
    return ApiError(405, "method_not_allowed", "The method is not allowed for the requested URL.",
                    {"allow": ", ".join(allowed)})


def conflict(message):
    return ApiError(409, "conflict", message)


def unprocessable(message):
    return ApiError(422, "unprocessable_entity", message)


def too_many_requests(retry_after, message="API Rate limit exceeded."):
    return ApiError(429, "too_many_requests", message, {"retry-after": str(retry_after)})


def server_error(status=500, message="Server Error"):
    return ApiError(status, "server_error", message)
