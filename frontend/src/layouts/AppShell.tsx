import { useEffect } from "react";
import { Link, NavLink, Navigate, Outlet, useLocation, useNavigate } from "react-router-dom";
import { Cpu, FolderTree, Play, Workflow } from "lucide-react";
import { Logo } from "../components/Logo";
import { Spinner } from "../components/Spinner";
import { UserMenu } from "../components/UserMenu";
import { useMe } from "../queries/useMe";

const NAV = [
  { to: "/jobs", label: "Jobs", icon: Workflow },
  { to: "/runs", label: "Runs", icon: Play },
  { to: "/compute", label: "Compute", icon: Cpu },
  { to: "/workspace", label: "Workspace", icon: FolderTree },
];

/** Top bar + page outlet; sends anonymous visitors to the login page. */
export function AppShell() {
  const me = useMe();
  const location = useLocation();
  const navigate = useNavigate();

  useEffect(() => {
    // Any 401/403 from the API while the session is gone: back to login.
    const onAuth = (event: Event) => {
      if ((event as CustomEvent<number>).detail === 401) navigate(`/login?next=${encodeURIComponent(location.pathname)}`);
    };
    window.addEventListener("lakeflow:auth", onAuth);
    return () => window.removeEventListener("lakeflow:auth", onAuth);
  }, [navigate, location.pathname]);

  if (me.isPending) {
    return (
      <div className="login-wrap">
        <Spinner />
      </div>
    );
  }
  if (me.isError) return <Navigate to={`/login?next=${encodeURIComponent(location.pathname + location.search)}`} replace />;

  return (
    <div className="shell">
      <header className="topbar">
        <Link to="/jobs" className="brand">
          <Logo /> Lakeflow
        </Link>
        <nav className="row" aria-label="Main">
          {NAV.map(({ to, label, icon: Icon }) => (
            <NavLink key={to} to={to} className="nav-link">
              <Icon size={16} /> {label}
            </NavLink>
          ))}
        </nav>
        <div className="spacer" />
        <a className="nav-link" href="/api/docs/">
          API
        </a>
        <UserMenu />
      </header>
      <main className="main">
        <Outlet />
      </main>
    </div>
  );
}
