import { useEffect, useMemo, useState } from "react";
import { History, RotateCcw } from "lucide-react";
import { Button } from "../../components/Button";
import { Dialog } from "../../components/Dialog";
import { ErrorAlert } from "../../components/ErrorAlert";
import { Spinner } from "../../components/Spinner";
import { toast } from "../../components/toastStore";
import type { JobVersionSummary } from "../../api/types";
import { useJobVersion } from "../../queries/useJobVersion";
import { useJobVersions } from "../../queries/useJobVersions";
import { useRestoreVersion } from "../../queries/useRestoreVersion";
import { diffLines } from "../../utils/diff";
import { formatTime } from "../../utils/format";
import { settingsToSortedYaml } from "../../utils/yaml";

const author = (v: JobVersionSummary) => v.author_user_name ?? v.author ?? "—";
const when = (v: JobVersionSummary) => formatTime(v.created_time ?? v.created_at);

/** Who changed what when; a side-by-side diff between any two versions; restore. */
export function VersionsDialog({ jobId, dirty, onClose, onRestored }: { jobId: number; dirty: boolean; onClose: () => void; onRestored: () => void }) {
  const versions = useJobVersions(jobId);
  const restore = useRestoreVersion();
  const [left, setLeft] = useState<number | null>(null);
  const [right, setRight] = useState<number | null>(null);
  useEffect(() => {
    const list = versions.data ?? [];
    if (list.length && right === null) {
      setRight(list[0].version);
      setLeft(list[1]?.version ?? list[0].version);
    }
  }, [versions.data, right]);

  const doRestore = (version: number) => {
    if (dirty && !confirm("Restoring discards your unsaved changes. Continue?")) return;
    restore.mutate(
      { jobId, version },
      {
        onSuccess: () => {
          toast(`Restored version ${version} as a new version`, "success");
          onRestored();
        },
      },
    );
  };

  return (
    <Dialog title="Versions" onClose={onClose} wide>
      <ErrorAlert error={versions.error ?? restore.error} />
      {versions.isPending ? (
        <Spinner />
      ) : (
        <div className="col">
          <div className="card" style={{ maxHeight: 240, overflow: "auto" }}>
            <table className="table" data-testid="versions-table">
              <thead>
                <tr>
                  <th>Version</th>
                  <th>Change</th>
                  <th>Author</th>
                  <th>When</th>
                  <th>Compare</th>
                  <th aria-label="Actions" />
                </tr>
              </thead>
              <tbody>
                {(versions.data ?? []).map((v, index) => (
                  <tr key={v.version} data-testid={`version-row-${v.version}`}>
                    <td><strong>v{v.version}</strong> {index === 0 && <span className="badge accent">current</span>}</td>
                    <td>{v.change ?? "update"}</td>
                    <td>{author(v)}</td>
                    <td>{when(v)}</td>
                    <td>
                      <span className="row">
                        <label className="check"><input type="radio" name="left" checked={left === v.version} onChange={() => setLeft(v.version)} /> A</label>
                        <label className="check"><input type="radio" name="right" checked={right === v.version} onChange={() => setRight(v.version)} /> B</label>
                      </span>
                    </td>
                    <td style={{ textAlign: "right" }}>
                      {index > 0 && (
                        <Button size="sm" icon={<RotateCcw size={13} />} onClick={() => doRestore(v.version)} disabled={restore.isPending}>
                          Restore
                        </Button>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {left !== null && right !== null && <VersionDiff jobId={jobId} left={left} right={right} />}
        </div>
      )}
    </Dialog>
  );
}

function VersionDiff({ jobId, left, right }: { jobId: number; left: number; right: number }) {
  const a = useJobVersion(jobId, left);
  const b = useJobVersion(jobId, right);
  const rows = useMemo(() => (a.data?.settings && b.data?.settings ? diffLines(settingsToSortedYaml(a.data.settings), settingsToSortedYaml(b.data.settings)) : null), [a.data, b.data]);
  if (a.error || b.error) return <ErrorAlert error={a.error ?? b.error} />;
  if (!rows) return <Spinner />;
  const changes = rows.filter((row) => row.kind !== "same").length;
  return (
    <div className="col" style={{ gap: 6 }}>
      <div className="row">
        <History size={15} />
        <strong>v{left}</strong> → <strong>v{right}</strong>
        <span className="subtle">{changes === 0 ? "identical" : `${changes} changed line${changes > 1 ? "s" : ""}`}</span>
      </div>
      <div className="diff" data-testid="version-diff">
        <div className="diff-col">
          {rows.map((row, i) => (
            <div key={i} className={`diff-line ${row.left === null ? "empty" : row.kind === "same" ? "" : "del"}`}>{row.left ?? ""}</div>
          ))}
        </div>
        <div>
          {rows.map((row, i) => (
            <div key={i} className={`diff-line ${row.right === null ? "empty" : row.kind === "same" ? "" : "add"}`}>{row.right ?? ""}</div>
          ))}
        </div>
      </div>
    </div>
  );
}
