import { createBrowserRouter, Navigate, RouterProvider } from "react-router-dom";
import { AppShell } from "./layouts/AppShell";
import { ClusterPage } from "./pages/ClusterPage/ClusterPage";
import { ComputePage } from "./pages/Compute/ComputePage";
import { JobEditorPage } from "./pages/JobEditor/JobEditorPage";
import { JobRunsPage } from "./pages/JobRuns/JobRunsPage";
import { JobsListPage } from "./pages/JobsList/JobsListPage";
import { LoginPage } from "./pages/Login/LoginPage";
import { NotFoundPage } from "./pages/NotFound/NotFoundPage";
import { RunPage } from "./pages/RunPage/RunPage";
import { RunsPage } from "./pages/Runs/RunsPage";
import { TokensPage } from "./pages/Tokens/TokensPage";
import { WorkspacePage } from "./pages/Workspace/WorkspacePage";
import { Toasts } from "./components/Toasts";

const router = createBrowserRouter([
  { path: "/login", element: <LoginPage /> },
  {
    element: <AppShell />,
    children: [
      { path: "/", element: <Navigate to="/jobs" replace /> },
      { path: "/jobs", element: <JobsListPage /> },
      { path: "/jobs/new", element: <JobEditorPage /> },
      { path: "/jobs/:jobId", element: <JobEditorPage /> },
      { path: "/jobs/:jobId/runs", element: <JobRunsPage /> },
      { path: "/runs", element: <RunsPage /> },
      { path: "/runs/:runId", element: <RunPage /> },
      { path: "/compute", element: <ComputePage /> },
      { path: "/compute/clusters/:clusterId", element: <ClusterPage /> },
      { path: "/workspace", element: <WorkspacePage /> },
      { path: "/settings/tokens", element: <TokensPage /> },
      { path: "*", element: <NotFoundPage /> },
    ],
  },
]);

export function App() {
  return (
    <>
      <RouterProvider router={router} />
      <Toasts />
    </>
  );
}
