"""The one error of reading: a sentence for the user."""


class UnreadableDocument(Exception):
    """A file that cannot be read; ``message`` says why, for the user."""

    def __init__(self, message: str) -> None:
        self.message = str(message)
        super().__init__(self.message)
