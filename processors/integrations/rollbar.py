"""Final job failures reported to Rollbar, with the job's context.

The `rollbar` package keeps its configuration in the process: the first reporter
sets the access token and environment, and later reporters can only change the
endpoint and timeout. Items are sent synchronously ("blocking" handler), so no
thread of rollbar's own outlives a job, and a report is done when the call returns.
Local variables are not captured: they may hold document contents or credentials.
"""

import logging
from types import TracebackType
from typing import Any

import rollbar

from processors import __version__
from processors.integrations.failures import JobFailure
from processors.integrations.settings import RollbarSettings

logger = logging.getLogger(__name__)

ExcInfo = tuple[type[BaseException], BaseException, TracebackType | None]


class RollbarReporter:
    """Sends final job failures to Rollbar when an access token is configured."""

    def __init__(self, settings: RollbarSettings | None = None) -> None:
        self.settings = settings or RollbarSettings()
        token = self.settings.access_token
        self.enabled = token is not None
        if token is not None:
            _initialise(self.settings, token.get_secret_value())

    def report_failure(
        self, failure: JobFailure, error: BaseException | None = None
    ) -> bool:
        """Report the failure, with its traceback when `error` is given.

        Returns whether an item was sent. Failures that will be retried are not
        reported; only the last attempt is.
        """
        if not self.enabled or not failure.final:
            return False
        extra = context_of(failure)
        payload = {
            "fingerprint": f"{failure.job_name}:{failure.error_type}",
            "context": failure.job_name,
        }
        if error is not None:
            exc_info: ExcInfo = (type(error), error, error.__traceback__)
            rollbar.report_exc_info(exc_info, extra_data=extra, payload_data=payload)
        else:
            title = f"{failure.job_name}: {failure.error_type}: {failure.error_message}"
            rollbar.report_message(
                title[:255], level="error", extra_data=extra, payload_data=payload
            )
        logger.info(
            "Reported job %s (attempt %d) to Rollbar", failure.job_id, failure.attempt
        )
        return True


def context_of(failure: JobFailure) -> dict[str, Any]:
    """The job's context as Rollbar's custom data."""
    return {
        "job_name": failure.job_name,
        "job_id": failure.job_id,
        "key": failure.key,
        "attempt": failure.attempt,
        "max_attempts": failure.max_attempts,
        "topic": failure.topic,
        "partition": failure.partition,
        "offset": failure.offset,
        "error_type": failure.error_type,
        "error_message": failure.error_message,
    }


def _initialise(settings: RollbarSettings, token: str) -> None:
    rollbar.init(
        token,
        environment=settings.environment,
        endpoint=settings.endpoint,
        handler="blocking",
        timeout=settings.timeout_s,
        code_version=__version__,
        allow_logging_basic_config=False,
        suppress_reinit_warning=True,
        capture_ip=False,
        locals={"enabled": False},
    )
    # pyrollbar's init only merges other settings once initialised; the token and
    # environment of the latest reporter are set here so they hold too.
    rollbar.SETTINGS["access_token"] = token
    rollbar.SETTINGS["environment"] = settings.environment
