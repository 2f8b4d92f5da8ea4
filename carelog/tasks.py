"""Queue tasks of the care log: imports started from the page or the API.

They only point the worker at a job row; carelog.importing does the work.
"""

from __future__ import annotations

from huey.contrib.djhuey import db_task

from . import importing


@db_task()  # type: ignore[untyped-decorator]  # huey ships no type information
def run_import(job_id: int) -> None:
    importing.run_job(job_id)
