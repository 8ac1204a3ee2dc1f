import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { Link, useBlocker, useNavigate, useParams } from "react-router-dom";
import { ReactFlowProvider } from "@xyflow/react";
import { CalendarRange, ChevronDown, FileCode, History, LayoutGrid, Play, Save, Settings2, Trash2 } from "lucide-react";
import { ApiError } from "../../api/client";
import { locateServerError, type ServerIssue } from "../../utils/serverError";
import type { JobParameterDefinition, JobSettings } from "../../api/types";
import { Button } from "../../components/Button";
import { Dialog } from "../../components/Dialog";
import { ErrorAlert } from "../../components/ErrorAlert";
import { RunNowDialog } from "../../components/RunNowDialog";
import { Spinner } from "../../components/Spinner";
import { toast } from "../../components/toastStore";
import { Canvas } from "../../editor/Canvas";
import { validateTask } from "../../editor/graph";
import { useEditorStore } from "../../editor/store/editorStore";
import { useDeleteJob } from "../../queries/useDeleteJob";
import { useJob } from "../../queries/useJob";
import { useRunNow } from "../../queries/useRunNow";
import { useSaveJob } from "../../queries/useSaveJob";
import { JobPanel } from "./JobPanel";
import { BackfillDialog } from "./BackfillDialog";
import { TaskPanel } from "./TaskPanel";
import { VersionsDialog } from "./VersionsDialog";
import { YamlDialog } from "./YamlDialog";

const NO_PARAMETERS: JobParameterDefinition[] = [];
const NEW_JOB: JobSettings = { name: "Untitled job", tasks: [], max_concurrent_runs: 1, queue: { enabled: true } };

/** The job editor: header actions, the canvas, and the task or job settings panel. */
export function JobEditorPage() {
  const params = useParams();
  const jobId = params.jobId && params.jobId !== "new" ? Number(params.jobId) : null;
  const job = useJob(jobId);
  const [layoutKey, setLayoutKey] = useState("");
  const [loadedFor, setLoadedFor] = useState<string | null>(null);

  const loadedAt = useRef(0);

  // Load the server's settings into the draft: on open, after save and after restore (a
  // refetch never overwrites unsaved edits).
  useEffect(() => {
    const key = String(jobId ?? "new");
    const store = useEditorStore.getState();
    if (jobId === null) {
      if (loadedFor !== key) {
        store.load(NEW_JOB);
        setLoadedFor(key);
        setLayoutKey(`new:${Date.now()}`);
      }
      return;
    }
    if (!job.data || job.dataUpdatedAt === loadedAt.current) return;
    const first = loadedFor !== key;
    if (!first && store.isDirty()) return;
    loadedAt.current = job.dataUpdatedAt;
    const placed = store.load(job.data.settings);
    setLoadedFor(key);
    if (first || !placed) setLayoutKey(`${key}:${job.dataUpdatedAt}`);
  }, [jobId, job.data, job.dataUpdatedAt, loadedFor]);

  if (jobId !== null && job.isPending) {
    return <div className="empty"><Spinner /></div>;
  }
  if (job.error) {
    return <div className="page"><ErrorAlert error={job.error} /></div>;
  }
  if (loadedFor !== String(jobId ?? "new")) return null;
  return (
    <ReactFlowProvider>
      <Editor jobId={jobId} layoutKey={layoutKey} />
    </ReactFlowProvider>
  );
}

function Editor({ jobId, layoutKey }: { jobId: number | null; layoutKey: string }) {
  const navigate = useNavigate();
  const revision = useEditorStore((state) => state.revision);
  const baseline = useEditorStore((state) => state.baseline);
  const name = useEditorStore((state) => state.job.name ?? "");
  const parameters = useEditorStore((state) => state.job.parameters) ?? NO_PARAMETERS;
  const selectedId = useEditorStore((state) => {
    const selected = state.nodes.filter((node) => node.selected);
    return selected.length === 1 ? selected[0].id : null;
  });
  const taskCount = useEditorStore((state) => state.nodes.length);
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const dirty = useMemo(() => useEditorStore.getState().isDirty(), [revision, baseline]);
  const save = useSaveJob();
  const runNow = useRunNow();
  const remove = useDeleteJob();
  const [dialog, setDialog] = useState<null | "versions" | "yaml" | "run" | "backfill" | "delete">(null);
  const [runMenu, setRunMenu] = useState(false);
  const serverIssue: ServerIssue | null = save.error instanceof ApiError ? locateServerError(save.error.message) : null;

  // Leaving with unsaved changes asks first (in-app navigation and closing the tab).
  const blocker = useBlocker(({ currentLocation, nextLocation }) => currentLocation.pathname !== nextLocation.pathname && useEditorStore.getState().isDirty());
  useEffect(() => {
    const onBeforeUnload = (event: BeforeUnloadEvent) => {
      if (useEditorStore.getState().isDirty()) event.preventDefault();
    };
    window.addEventListener("beforeunload", onBeforeUnload);
    return () => window.removeEventListener("beforeunload", onBeforeUnload);
  }, []);

  const doSave = useCallback(() => {
    const store = useEditorStore.getState();
    const settings = store.settings();
    const keys = new Set<string>();
    for (const node of store.nodes) {
      const issues = validateTask(node.data.task, keys);
      keys.add(node.data.task.task_key);
      if (Object.keys(issues).length) {
        store.select(node.id);
        toast(`Task ${node.data.task.task_key || "(no key)"}: ${Object.values(issues)[0]}`, "danger");
        return;
      }
    }
    if (!settings.name?.trim()) {
      store.select(null);
      toast("A job needs a name.", "danger");
      return;
    }
    save.mutate(
      { jobId, settings },
      {
        onSuccess: (savedId) => {
          useEditorStore.getState().markSaved();
          toast(jobId === null ? "Job created" : "Saved as a new version", "success");
          if (jobId === null) navigate(`/jobs/${savedId}`, { replace: true });
        },
      },
    );
  }, [jobId, save, navigate]);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === "s") {
        event.preventDefault();
        doSave();
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [doSave]);

  const startRun = () => {
    if (jobId === null) return;
    if (useEditorStore.getState().isDirty() && !confirm("Runs use the saved version; your unsaved changes are not included. Run anyway?")) return;
    runNow.mutate({ jobId }, { onSuccess: ({ run_id }) => navigate(`/runs/${run_id}`), onError: (error) => toast(error.message, "danger") });
  };

  return (
    <div className="editor">
      <div className="editor-header">
        <input className="editor-title" aria-label="Job name" value={name} onChange={(e) => useEditorStore.getState().updateJob((job) => ({ ...job, name: e.target.value }), "name")} />
        {jobId !== null && <span className="subtle">#{jobId}</span>}
        <span className="subtle">{taskCount} task{taskCount === 1 ? "" : "s"}</span>
        {dirty && (
          <span className="row subtle" data-testid="unsaved">
            <span className="dirty-dot" /> Unsaved changes
          </span>
        )}
        <div className="spacer" />
        <Button variant="ghost" icon={<Settings2 size={15} />} onClick={() => useEditorStore.getState().select(null)}>Job settings</Button>
        <Button icon={<FileCode size={15} />} onClick={() => setDialog("yaml")}>YAML</Button>
        {jobId !== null && <Button icon={<History size={15} />} onClick={() => setDialog("versions")}>Versions</Button>}
        {jobId !== null && <Link className="btn" to={`/jobs/${jobId}/runs`} data-testid="job-runs-link"><LayoutGrid size={15} /> Runs</Link>}
        {jobId !== null && (
          <div className="menu-anchor">
            <div className="btn-group">
              <Button icon={<Play size={15} />} onClick={startRun} disabled={runNow.isPending}>Run now</Button>
              <Button icon={<ChevronDown size={14} />} label="More run options" aria-haspopup="menu" aria-expanded={runMenu} onClick={() => setRunMenu(!runMenu)} />
            </div>
            {runMenu && (
              <div className="menu" role="menu">
                <button role="menuitem" className="menu-item" onClick={() => { setRunMenu(false); setDialog("run"); }}>
                  <Play size={15} /> Run now with different parameters
                </button>
                <button role="menuitem" className="menu-item" onClick={() => { setRunMenu(false); setDialog("backfill"); }}>
                  <CalendarRange size={15} /> Run backfill
                </button>
                <button role="menuitem" className="menu-item" onClick={() => { setRunMenu(false); setDialog("delete"); }}>
                  <Trash2 size={15} /> Delete job
                </button>
              </div>
            )}
          </div>
        )}
        <Button variant="primary" icon={<Save size={15} />} onClick={doSave} disabled={save.isPending || (!dirty && jobId !== null)}>
          {jobId === null ? "Create" : "Save"}
        </Button>
      </div>
      {save.error && (
        <div style={{ padding: "8px 16px 0" }}>
          <ServerError error={save.error} />
        </div>
      )}
      <div className="editor-body">
        <Canvas layoutKey={layoutKey} />
        {selectedId ? <TaskPanel key={selectedId} nodeId={selectedId} serverIssue={serverIssue} /> : <JobPanel jobId={jobId} />}
      </div>
      {dialog === "yaml" && <YamlDialog settings={useEditorStore.getState().settings()} onClose={() => setDialog(null)} />}
      {dialog === "versions" && jobId !== null && <VersionsDialog jobId={jobId} dirty={dirty} onClose={() => setDialog(null)} onRestored={() => { useEditorStore.getState().markSaved(); setDialog(null); }} />}
      {dialog === "run" && jobId !== null && <RunNowDialog jobId={jobId} parameters={parameters} onClose={() => setDialog(null)} />}
      {dialog === "backfill" && jobId !== null && <BackfillDialog jobId={jobId} parameters={parameters} onClose={() => setDialog(null)} />}
      {dialog === "delete" && jobId !== null && (
        <Dialog
          title="Delete job?"
          onClose={() => setDialog(null)}
          footer={
            <>
              <Button onClick={() => setDialog(null)}>Cancel</Button>
              <Button variant="danger" className="solid" onClick={() => remove.mutate(jobId, { onSuccess: () => { useEditorStore.getState().markSaved(); navigate("/jobs"); } })}>Delete</Button>
            </>
          }
        >
          <p>“{name}” and its versions will be deleted. Runs already started keep running.</p>
          <ErrorAlert error={remove.error} />
        </Dialog>
      )}
      {blocker.state === "blocked" && (
        <Dialog
          title="Leave without saving?"
          onClose={() => blocker.reset()}
          footer={
            <>
              <Button onClick={() => blocker.reset()}>Stay</Button>
              <Button variant="danger" className="solid" onClick={() => blocker.proceed()}>Discard changes</Button>
            </>
          }
        >
          <p>Your changes to this job are not saved.</p>
        </Dialog>
      )}
    </div>
  );
}

/** The server's validation message; when it names a task, select that task so its panel shows
 * the message at the field. */
function ServerError({ error }: { error: unknown }) {
  useEffect(() => {
    if (!(error instanceof ApiError)) return;
    const { taskKey } = locateServerError(error.message);
    const store = useEditorStore.getState();
    const node = taskKey ? store.nodes.find((n) => n.data.task.task_key === taskKey) : undefined;
    if (node) store.select(node.id);
  }, [error]);
  return <ErrorAlert error={error} />;
}
