import { useEffect, useRef, useState } from "react";
import { useSearchParams } from "react-router-dom";
import { ChevronRight, FileCode2, FileText, Folder, FolderPlus, Save, Trash2, Upload } from "lucide-react";
import { Button } from "../../components/Button";
import { Dialog } from "../../components/Dialog";
import { EmptyState } from "../../components/EmptyState";
import { ErrorAlert } from "../../components/ErrorAlert";
import { Spinner } from "../../components/Spinner";
import { TextField } from "../../components/TextField";
import { toast } from "../../components/toastStore";
import { useWorkspaceFile } from "../../queries/useWorkspaceFile";
import { useWorkspaceList } from "../../queries/useWorkspaceList";
import { useWorkspaceDelete, useWorkspaceImport, useWorkspaceMkdirs } from "../../queries/useWorkspaceMutations";
import { CodeEditor } from "./CodeEditor";

function join(folder: string, name: string): string {
  return `${folder.replace(/\/+$/, "")}/${name}`;
}

async function toBase64(file: Blob): Promise<string> {
  const buffer = new Uint8Array(await file.arrayBuffer());
  let binary = "";
  for (let i = 0; i < buffer.length; i += 0x8000) binary += String.fromCharCode(...buffer.subarray(i, i + 0x8000));
  return btoa(binary);
}

const encodeText = (text: string) => toBase64(new Blob([text]));

/** Folders and files: browse, upload, create a folder, view and edit a file. */
export function WorkspacePage() {
  const [params, setParams] = useSearchParams();
  const folder = params.get("path") ?? "/";
  const file = params.get("file");
  const list = useWorkspaceList(folder);
  const importer = useWorkspaceImport();
  const remove = useWorkspaceDelete();
  const [mkdir, setMkdir] = useState(false);
  const upload = useRef<HTMLInputElement>(null);
  const crumbs = folder.split("/").filter(Boolean);

  const go = (path: string, filePath?: string) => setParams(filePath ? { path, file: filePath } : { path });

  const onUpload = async (files: FileList | null) => {
    for (const item of Array.from(files ?? [])) {
      const content = await toBase64(item);
      const format = item.name.endsWith(".ipynb") ? "JUPYTER" : "AUTO";
      importer.mutate({ path: join(folder, item.name), content, format, overwrite: true }, { onSuccess: () => toast(`Uploaded ${item.name}`, "success") });
    }
  };

  return (
    <div className="page">
      <div className="page-header">
        <div className="grow">
          <h1>Workspace</h1>
          <nav className="row subtle" aria-label="Folder path" style={{ gap: 2, marginTop: 4 }}>
            <button className="btn ghost sm" onClick={() => go("/")}>/</button>
            {crumbs.map((part, index) => (
              <span key={index} className="row" style={{ gap: 2 }}>
                {index > 0 && <ChevronRight size={13} />}
                <button className="btn ghost sm" onClick={() => go(`/${crumbs.slice(0, index + 1).join("/")}`)}>{part}</button>
              </span>
            ))}
          </nav>
        </div>
        <Button icon={<FolderPlus size={15} />} onClick={() => setMkdir(true)}>New folder</Button>
        <Button variant="primary" icon={<Upload size={15} />} onClick={() => upload.current?.click()}>Upload</Button>
        <input ref={upload} type="file" multiple hidden aria-label="Upload files" data-testid="upload-input" onChange={(e) => void onUpload(e.target.files)} />
      </div>
      <ErrorAlert error={list.error ?? importer.error ?? remove.error} />
      <div className="ws-layout">
        <div className="card" style={{ alignSelf: "start" }}>
          {list.isPending ? (
            <div className="empty"><Spinner /></div>
          ) : (list.data ?? []).length === 0 ? (
            <EmptyState icon={<Folder size={28} />} title="Empty folder">Upload notebooks, scripts, SQL, wheels or JARs.</EmptyState>
          ) : (
            <div style={{ padding: 4 }} role="list">
              {[...(list.data ?? [])]
                .sort((a, b) => Number(b.object_type === "DIRECTORY") - Number(a.object_type === "DIRECTORY") || a.path.localeCompare(b.path))
                .map((object) => {
                  const name = object.path.split("/").pop();
                  const isDir = object.object_type === "DIRECTORY";
                  return (
                    <div key={object.path} className="row" role="listitem">
                      <button className="menu-item grow" style={{ background: file === object.path ? "var(--accent-soft)" : undefined }} onClick={() => (isDir ? go(object.path) : go(folder, object.path))}>
                        {isDir ? <Folder size={15} /> : object.object_type === "NOTEBOOK" ? <FileCode2 size={15} /> : <FileText size={15} />}
                        <span className="grow">{name}</span>
                        {object.language && <span className="badge">{object.language.toLowerCase()}</span>}
                      </button>
                      <Button
                        variant="ghost"
                        size="sm"
                        icon={<Trash2 size={13} />}
                        label={`Delete ${name}`}
                        onClick={() => confirm(`Delete ${object.path}?`) && remove.mutate({ path: object.path, recursive: isDir })}
                      />
                    </div>
                  );
                })}
            </div>
          )}
        </div>
        <div>{file ? <FileView key={file} path={file} /> : <div className="card"><EmptyState icon={<FileText size={28} />} title="Select a file to view it" /></div>}</div>
      </div>
      {mkdir && <MkdirDialog folder={folder} onClose={() => setMkdir(false)} onDone={(path) => { setMkdir(false); go(path); }} />}
    </div>
  );
}

function FileView({ path }: { path: string }) {
  const content = useWorkspaceFile(path);
  const importer = useWorkspaceImport();
  const [text, setText] = useState<string | null>(null);
  useEffect(() => {
    if (content.data !== undefined) setText(content.data);
  }, [content.data]);
  const language = path.endsWith(".sql") ? "sql" : path.endsWith(".py") || path.endsWith(".ipynb") ? "python" : "text";
  const editable = !path.endsWith(".ipynb") && !path.endsWith(".whl") && !path.endsWith(".jar");
  const save = async () => {
    if (text === null) return;
    importer.mutate({ path, content: await encodeText(text), format: "AUTO", overwrite: true }, { onSuccess: () => toast("Saved", "success") });
  };
  return (
    <div className="card">
      <div className="row card-body" style={{ borderBottom: "1px solid var(--border)" }}>
        <code className="grow">{path}</code>
        {editable && <Button size="sm" variant="primary" icon={<Save size={14} />} onClick={() => void save()} disabled={importer.isPending || text === content.data}>Save</Button>}
      </div>
      <ErrorAlert error={content.error ?? importer.error} />
      {content.isPending || text === null ? (
        <div className="empty"><Spinner /></div>
      ) : (
        <CodeEditor value={text} language={language} readOnly={!editable} onChange={setText} />
      )}
    </div>
  );
}

function MkdirDialog({ folder, onClose, onDone }: { folder: string; onClose: () => void; onDone: (path: string) => void }) {
  const [name, setName] = useState("");
  const mkdirs = useWorkspaceMkdirs();
  const path = join(folder, name.trim());
  return (
    <Dialog
      title="New folder"
      onClose={onClose}
      footer={
        <>
          <Button onClick={onClose}>Cancel</Button>
          <Button variant="primary" disabled={!name.trim() || mkdirs.isPending} onClick={() => mkdirs.mutate(path, { onSuccess: () => onDone(path) })}>Create</Button>
        </>
      }
    >
      <div className="col">
        <TextField label="Folder name" value={name} onChange={setName} hint={`In ${folder}`} />
        <ErrorAlert error={mkdirs.error} />
      </div>
    </Dialog>
  );
}
