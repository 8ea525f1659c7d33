"""APScheduler only wakes the process up; the database decides what is due."""

from __future__ import annotations

import logging
from collections.abc import Callable

from apscheduler.schedulers.background import BackgroundScheduler

log = logging.getLogger("setbot.scheduler")

JOB_ID = "deliver-due-work"
INTERVAL_SECONDS = 5
# A wake-up that was missed (process paused, machine asleep) still runs when it can: the
# due rows, not APScheduler, decide what is still worth sending. Coalesced into one run.
MISFIRE_GRACE_SECONDS = 3600


def start(run_due: Callable[[], int]) -> BackgroundScheduler:
    """Start a background scheduler that calls `run_due` every few seconds."""

    def wake() -> None:
        try:
            run_due()
        except Exception:  # a failed wake-up must not stop the next one
            log.exception("delivering due work failed")

    scheduler = BackgroundScheduler(timezone="UTC")
    scheduler.add_job(
        wake,
        "interval",
        seconds=INTERVAL_SECONDS,
        id=JOB_ID,
        replace_existing=True,
        coalesce=True,
        max_instances=1,
        misfire_grace_time=MISFIRE_GRACE_SECONDS,
    )
    scheduler.start()
    return scheduler
