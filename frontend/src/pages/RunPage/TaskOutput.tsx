import { Link } from "react-router-dom";
import { Spinner } from "../../components/Spinner";
import { useTaskRunExport } from "../../queries/useTaskRun";
import { EndedLog, LogPanel } from "./LogPanel";
import type { RunOutput, RunTaskDetail, TaskRunExtras } from "./runTypes";

/** What an ended attempt produced, by task type: the executed notebook (sandboxed), a SQL result
 * table, a pipeline's datasets and expectations, a child job run, a condition's outcome; else
 * its log (a script's output is what it printed). */
export function TaskOutput({
  task,
  output,
  extras,
  active,
}: {
  task: RunTaskDetail;
  output?: RunOutput;
  extras?: TaskRunExtras;
  active: boolean;
}) {
  const runId = task.run_id!;
  if (task.notebook_task) {
    return (
      <>
        {output?.notebook_output?.result && (
          <div className="kv-line">
            <span className="subtle">Exit value</span> <span className="mono">{output.notebook_output.result}</span>
          </div>
        )}
        {active ? (
          <div className="subtle">The executed notebook appears here when the attempt ends; follow it in Logs.</div>
        ) : (
          <NotebookFrame runId={runId} />
        )}
      </>
    );
  }
  if (task.sql_task && output?.sql_output) return <SqlResult output={output} />;
  if (task.pipeline_task && extras?.pipeline_output) return <PipelineResult extras={extras} />;
  if (task.run_job_task) {
    const child = output?.run_job_output?.run_id;
    return child ? (
      <div>
        Started job run <Link to={`/runs/${child}`} data-testid="child-run-link">{child}</Link>.
      </div>
    ) : (
      <div className="subtle">No job run started yet.</div>
    );
  }
  if (task.condition_task) {
    // The operands as evaluated (references resolved), else as written.
    const resolved = (task.resolved_values?.condition_task ?? {}) as { left?: string; right?: string };
    const { op, outcome } = task.condition_task;
    const left = resolved.left ?? task.condition_task.left;
    const right = resolved.right ?? task.condition_task.right;
    return (
      <div data-testid="condition-outcome">
        <span className="mono">{`${left} ${op} ${right}`}</span> → <strong>{outcome ?? "not evaluated"}</strong>
      </div>
    );
  }
  if (task.for_each_task) return <div className="subtle">Open an iteration above for its output and log.</div>;
  // A script's output is what it printed: live while it runs, from runs/get-output once it ended.
  if (active || !output) return <LogPanel task={task} />;
  return <EndedLog taskKey={task.task_key} text={output.logs ?? ""} truncated={output.logs_truncated} />;
}

function NotebookFrame({ runId }: { runId: number }) {
  const exported = useTaskRunExport(runId, { enabled: true });
  if (exported.isPending) return <Spinner />;
  const view = exported.data?.views?.[0];
  if (!view) return <div className="subtle">No rendered notebook for this attempt.</div>;
  return (
    // The notebook's HTML is user output: sandboxed without allow-same-origin or allow-scripts it
    // runs no script and cannot reach this app, its cookies or its API (the page's CSP, which a
    // srcdoc frame inherits, blocks inline scripts too). Links may open in a new tab.
    <iframe
      className="notebook-frame"
      title={`Executed notebook ${view.name ?? ""}`}
      sandbox="allow-popups"
      srcDoc={view.content}
      data-testid="notebook-frame"
    />
  );
}

function SqlResult({ output }: { output: RunOutput }) {
  const sql = output.sql_output!;
  const columns = (sql.columns ?? []).map((c) => (typeof c === "string" ? c : c.name));
  return (
    <div data-testid="sql-result">
      {sql.query_output?.query_text && <pre className="code-block sql-text">{sql.query_output.query_text}</pre>}
      <div className="subtle">
        {sql.row_count ?? sql.rows?.length ?? 0} row{sql.row_count === 1 ? "" : "s"}
        {sql.truncated ? " (first rows shown)" : ""}
      </div>
      {columns.length > 0 && (
        <div className="result-scroll">
          <table className="table compact">
            <thead>
              <tr>{columns.map((c, i) => <th key={i}>{c}</th>)}</tr>
            </thead>
            <tbody>
              {(sql.rows ?? []).map((row, r) => (
                <tr key={r}>{row.map((cell, i) => <td key={i} className="mono">{formatCell(cell)}</td>)}</tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}

function formatCell(value: unknown): string {
  if (value === null || value === undefined) return "NULL";
  return typeof value === "object" ? JSON.stringify(value) : String(value);
}

function PipelineResult({ extras }: { extras: TaskRunExtras }) {
  const pipeline = extras.pipeline_output!;
  const datasets = Object.entries(pipeline.datasets ?? {});
  return (
    <div data-testid="pipeline-result">
      <div className="subtle">
        Update <span className="mono" title={String(pipeline.update_id ?? "")}>{String(pipeline.update_id ?? "").slice(0, 8)}</span> ·{" "}
        {pipeline.state?.toLowerCase() ?? ""}
      </div>
      <table className="table compact">
        <thead>
          <tr><th>Dataset</th><th>Kind</th><th>Rows written</th><th>Dropped</th><th>Expectations</th></tr>
        </thead>
        <tbody>
          {datasets.map(([name, ds]) => (
            <tr key={name} data-testid={`dataset-${name}`}>
              <td className="mono">{name}</td>
              <td className="subtle">{ds.kind?.toLowerCase().replaceAll("_", " ")}</td>
              <td>{ds.rows ?? "—"}</td>
              <td>{ds.dropped ?? 0}</td>
              <td>
                {(ds.expectations ?? []).length === 0
                  ? "—"
                  : (ds.expectations ?? []).map((e) => (
                      <div key={e.name} className={e.failed_records ? "expect-failed" : undefined}>
                        <span className="mono">{e.name}</span>: {e.passed_records ?? 0} passed, {e.failed_records ?? 0} failed
                        {e.action ? <span className="subtle"> ({e.action.toLowerCase()})</span> : null}
                      </div>
                    ))}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
