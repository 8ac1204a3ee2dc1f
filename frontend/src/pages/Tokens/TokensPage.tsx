import { useState } from "react";
import { Copy, KeyRound, Plus, Trash2 } from "lucide-react";
import { Button } from "../../components/Button";
import { Dialog } from "../../components/Dialog";
import { EmptyState } from "../../components/EmptyState";
import { ErrorAlert } from "../../components/ErrorAlert";
import { SelectField } from "../../components/SelectField";
import { Spinner } from "../../components/Spinner";
import { TextField } from "../../components/TextField";
import { toast } from "../../components/toastStore";
import { useCreateToken } from "../../queries/useCreateToken";
import { useRevokeToken } from "../../queries/useRevokeToken";
import { useTokens } from "../../queries/useTokens";
import { formatTime } from "../../utils/format";

const LIFETIMES = [
  { value: "", label: "Never expires" },
  { value: String(7 * 86400), label: "7 days" },
  { value: String(30 * 86400), label: "30 days" },
  { value: String(90 * 86400), label: "90 days" },
  { value: String(365 * 86400), label: "1 year" },
];

export function TokensPage() {
  const tokens = useTokens();
  const revoke = useRevokeToken();
  const [creating, setCreating] = useState(false);

  return (
    <div className="page">
      <div className="page-header">
        <div className="grow">
          <h1>Personal access tokens</h1>
          <p className="muted">Scripts and the databricks-sdk authenticate with these (Authorization: Bearer …).</p>
        </div>
        <Button variant="primary" icon={<Plus size={16} />} onClick={() => setCreating(true)}>
          Generate new token
        </Button>
      </div>
      <ErrorAlert error={tokens.error ?? revoke.error} />
      <div className="card">
        {tokens.isPending ? (
          <div className="empty"><Spinner /></div>
        ) : (tokens.data ?? []).length === 0 ? (
          <EmptyState icon={<KeyRound size={28} />} title="No tokens yet" />
        ) : (
          <table className="table">
            <thead>
              <tr>
                <th>Comment</th>
                <th>Created</th>
                <th>Expires</th>
                <th aria-label="Actions" />
              </tr>
            </thead>
            <tbody>
              {(tokens.data ?? []).map((token) => (
                <tr key={token.token_id}>
                  <td>{token.comment || <span className="subtle">(no comment)</span>}</td>
                  <td>{formatTime(token.creation_time)}</td>
                  <td>{!token.expiry_time || token.expiry_time < 0 ? "Never" : formatTime(token.expiry_time)}</td>
                  <td style={{ textAlign: "right" }}>
                    <Button
                      variant="danger"
                      size="sm"
                      icon={<Trash2 size={14} />}
                      onClick={() => {
                        if (confirm(`Revoke token "${token.comment || token.token_id}"? Scripts using it will stop working.`))
                          revoke.mutate(token.token_id, { onSuccess: () => toast("Token revoked", "success") });
                      }}
                    >
                      Revoke
                    </Button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
      {creating && <CreateTokenDialog onClose={() => setCreating(false)} />}
    </div>
  );
}

function CreateTokenDialog({ onClose }: { onClose: () => void }) {
  const [comment, setComment] = useState("");
  const [lifetime, setLifetime] = useState(String(90 * 86400));
  const create = useCreateToken();
  const value = create.data?.token_value;

  return (
    <Dialog
      title={value ? "Copy your new token" : "Generate a token"}
      onClose={onClose}
      footer={
        value ? (
          <Button variant="primary" onClick={onClose}>Done</Button>
        ) : (
          <>
            <Button onClick={onClose}>Cancel</Button>
            <Button
              variant="primary"
              disabled={create.isPending}
              onClick={() => create.mutate({ comment, lifetimeSeconds: lifetime ? Number(lifetime) : undefined })}
            >
              Generate
            </Button>
          </>
        )
      }
    >
      {value ? (
        <div className="col">
          <div className="alert info">This is the only time the token is shown. Store it somewhere safe.</div>
          <div className="row">
            <input className="input mono" readOnly value={value} aria-label="New token" data-testid="new-token" onFocus={(e) => e.target.select()} />
            <Button icon={<Copy size={15} />} label="Copy token" onClick={() => navigator.clipboard?.writeText(value).then(() => toast("Copied", "success"))} />
          </div>
        </div>
      ) : (
        <div className="col">
          <TextField label="Comment" value={comment} onChange={setComment} placeholder="What is it for?" />
          <SelectField label="Lifetime" value={lifetime} options={LIFETIMES} onChange={setLifetime} />
          <ErrorAlert error={create.error} />
        </div>
      )}
    </Dialog>
  );
}
