"""flask-smorest's Api answering its own HTTP errors in our shape (common.errors), and
documenting that shape in the OpenAPI document."""
from app.common.errors import ErrorSchema, http_error_response


def use_our_errors(api) -> None:
    """Before api.init_app: flask-smorest registers handle_http_exception and documents
    ERROR_SCHEMA there."""
    api.ERROR_SCHEMA = ErrorSchema
    api.handle_http_exception = http_error_response
