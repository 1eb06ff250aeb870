"""The one error type that carries a message meant for the researcher using the app, and the size check every
reader of a user's file shares."""

MB = 1_000_000  # sizes are stated in decimal megabytes, as the upload widget states its limit


class InputError(ValueError):
    """Bad input from a user (file, shape, value, budget); the message says what to do instead."""


def check_size(n_bytes: int, limit: int, what: str = "the file") -> None:
    """Refuse a file over `limit` bytes with one sentence in MB."""
    if n_bytes > limit:
        raise InputError(f"{what} is {n_bytes / MB:.1f} MB; the limit is {limit / MB:g} MB")
