"""What a service refuses with. Every message is meant for the person who
tried: views show it as a message, the API as an error, commands on stderr."""

from django.core.exceptions import PermissionDenied, ValidationError


class WorkflowError(Exception):
    """Base of every refusal; ``str()`` is the translated message."""

    def __init__(self, message):
        self.message = message
        super().__init__(message)

    def __str__(self):
        return str(self.message)


class NotPermitted(WorkflowError, PermissionDenied):
    """The actor may not do this to this complaint (role, province, department)."""


class InvalidTransition(WorkflowError):
    """The complaint is not in a state where this can happen."""


class InvalidInput(WorkflowError, ValidationError):
    """A reason is missing, a value is out of range or out of scope.

    ``field`` names the form field the message belongs to, when there is one.
    """

    def __init__(self, message, field=None):
        WorkflowError.__init__(self, message)
        ValidationError.__init__(self, message)
        self.field = field

    def __str__(self):
        return str(self.message)
