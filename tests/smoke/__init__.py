"""The smoke crawler: walk the public site over HTTP and fail on anything a reader would hit."""
