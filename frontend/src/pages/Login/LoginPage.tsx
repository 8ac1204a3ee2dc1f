import { useState, type FormEvent } from "react";
import { useNavigate, useSearchParams } from "react-router-dom";
import { LogIn } from "lucide-react";
import { Button } from "../../components/Button";
import { ErrorAlert } from "../../components/ErrorAlert";
import { Logo } from "../../components/Logo";
import { TextField } from "../../components/TextField";
import { useLogin } from "../../queries/useLogin";

export function LoginPage() {
  const [username, setUsername] = useState("");
  const [password, setPassword] = useState("");
  const login = useLogin();
  const navigate = useNavigate();
  const [params] = useSearchParams();

  const submit = (event: FormEvent) => {
    event.preventDefault();
    login.mutate(
      { username, password },
      {
        onSuccess: () => {
          const next = params.get("next");
          // Only same-site paths: an open redirect after login is a phishing aid.
          navigate(next && next.startsWith("/") && !next.startsWith("//") && next !== "/login" ? next : "/jobs", { replace: true });
        },
      },
    );
  };

  return (
    <div className="login-wrap">
      <form className="card login-card col" onSubmit={submit} aria-label="Log in">
        <div className="row" style={{ gap: 10, marginBottom: 4 }}>
          <Logo size={30} />
          <div>
            <h1>Lakeflow</h1>
            <div className="subtle">Sign in to build and run jobs</div>
          </div>
        </div>
        <TextField label="User name" value={username} onChange={setUsername} autoComplete="username" autoFocus required />
        <TextField label="Password" type="password" value={password} onChange={setPassword} autoComplete="current-password" required />
        <ErrorAlert error={login.error} />
        <Button type="submit" variant="primary" icon={<LogIn size={16} />} disabled={login.isPending}>
          {login.isPending ? "Signing in…" : "Sign in"}
        </Button>
      </form>
    </div>
  );
}
