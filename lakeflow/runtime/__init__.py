"""What task code imports: ``from lakeflow.runtime import dbutils``.

    dbutils.widgets.get("name")                  a parameter of this task (job + task parameters)
    dbutils.jobs.taskValues.set("key", value)    a JSON value for downstream tasks
    dbutils.jobs.taskValues.get("upstream", "key", default=None, debugValue=None)
    dbutils.secrets.get("scope", "key")          a secret, read as the run's run-as user (issue 9)
    dbutils.notebook.exit(value)                 end the task; value -> runs/get-output notebook_output.result

A notebook's ``%sql`` cells run through ``lakeflow.runtime.sql.run_sql`` (the ``%%sql`` magic of
``lakeflow.runtime.magics``, an IPython extension every notebook_task kernel loads).

It runs in the task's child process and must import in a few milliseconds: no Django, no
requests — the standard library only.

How it reaches Lakeflow: the engine starts the child with these environment variables
  LAKEFLOW_PARAMETERS   JSON object of the task's resolved named parameters (widgets)
  LAKEFLOW_API_URL      the Lakeflow server
  LAKEFLOW_TASK_TOKEN   a credential scoped to this one task run: a signed token carrying the
                        task run id, accepted by /api/2.0/lakeflow/runtime/... only while that
                        attempt runs, and only for its own run's task values (runs.credentials)
Outside a run (no LAKEFLOW_TASK_TOKEN) taskValues.set does nothing and taskValues.get returns
debugValue, as on Databricks.
"""

from __future__ import annotations

from lakeflow.runtime.dbutils import dbutils

__all__ = ["dbutils"]
