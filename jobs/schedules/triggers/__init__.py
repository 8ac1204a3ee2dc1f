"""Event triggers. Each module has

- ``observe(config)``: read what the trigger watches outside the database (a directory's files,
  table signatures), called with no lock or transaction held because it may be slow;
- ``baseline(job, state, now, observed)``: remember what exists when the trigger is set up or
  changed (old events never start runs);
- ``check(job, state, now, observed)`` -> list of ``services.Fire`` (the runs to start now),

with ``state`` the job's locked TriggerState. ``CHECK_AFTER_BASELINE`` says whether the first
check happens right after the baseline."""
