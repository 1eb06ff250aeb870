"""The one error type that carries a message meant for the researcher using the app."""


class InputError(ValueError):
    """Bad input from a user (file, shape, value, budget); the message says what to do instead."""
