import { useState } from "react";
import { ArrowUp, FileText, Folder, FolderSearch } from "lucide-react";
import { useWorkspaceList } from "../queries/useWorkspaceList";
import { Button } from "./Button";
import { Dialog } from "./Dialog";
import { ErrorAlert } from "./ErrorAlert";
import { Field } from "./Field";
import { Spinner } from "./Spinner";

interface WorkspacePathFieldProps {
  label: string;
  value: string | undefined;
  onChange: (value: string) => void;
  error?: string | null;
  hint?: string;
  placeholder?: string;
}

/** A workspace path typed in or picked from the workspace browser. */
export function WorkspacePathField({ label, value, onChange, error, hint, placeholder = "/Workspace/…" }: WorkspacePathFieldProps) {
  const [picking, setPicking] = useState(false);
  return (
    <Field label={label} error={error} hint={hint}>
      {(id, describedBy) => (
        <div className="row">
          <input
            id={id}
            className={error ? "input mono invalid" : "input mono"}
            value={value ?? ""}
            placeholder={placeholder}
            onChange={(event) => onChange(event.target.value)}
            aria-invalid={error ? true : undefined}
            aria-describedby={describedBy}
          />
          <Button icon={<FolderSearch size={15} />} label={`Browse for ${label}`} onClick={() => setPicking(true)} />
          {picking && (
            <WorkspacePicker
              start={parentOf(value || "/")}
              onPick={(path) => {
                onChange(path);
                setPicking(false);
              }}
              onClose={() => setPicking(false)}
            />
          )}
        </div>
      )}
    </Field>
  );
}

function parentOf(path: string): string {
  const trimmed = path.replace(/\/+$/, "");
  const index = trimmed.lastIndexOf("/");
  return index <= 0 ? "/" : trimmed.slice(0, index);
}

function WorkspacePicker({ start, onPick, onClose }: { start: string; onPick: (path: string) => void; onClose: () => void }) {
  const [path, setPath] = useState(start);
  const list = useWorkspaceList(path);
  return (
    <Dialog title="Pick from the workspace" onClose={onClose}>
      <div className="col">
        <div className="row">
          <Button size="sm" icon={<ArrowUp size={14} />} label="Up one folder" disabled={path === "/"} onClick={() => setPath(parentOf(path))} />
          <code className="grow">{path}</code>
        </div>
        <ErrorAlert error={list.error} />
        {list.isPending ? (
          <Spinner />
        ) : (
          <div className="card" style={{ maxHeight: 360, overflow: "auto" }}>
            {(list.data ?? []).length === 0 && <div className="empty">Empty folder</div>}
            {[...(list.data ?? [])]
              .sort((a, b) => Number(b.object_type === "DIRECTORY") - Number(a.object_type === "DIRECTORY") || a.path.localeCompare(b.path))
              .map((object) => (
                <button
                  key={object.path}
                  type="button"
                  className="menu-item"
                  onClick={() => (object.object_type === "DIRECTORY" ? setPath(object.path) : onPick(object.path))}
                >
                  {object.object_type === "DIRECTORY" ? <Folder size={15} /> : <FileText size={15} />}
                  {object.path.split("/").pop()}
                  {object.language && <span className="badge">{object.language.toLowerCase()}</span>}
                </button>
              ))}
          </div>
        )}
      </div>
    </Dialog>
  );
}
