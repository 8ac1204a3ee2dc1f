"""Event triggers. Each module has ``baseline(job, state, now)`` (remember what exists when the
trigger is set up or changed: old events never start runs) and ``check(job, state, now)`` ->
list of ``services.Fire`` (the runs to start now), with ``state`` the job's locked TriggerState.
``CHECK_AFTER_BASELINE`` says whether the first check happens right after the baseline."""
