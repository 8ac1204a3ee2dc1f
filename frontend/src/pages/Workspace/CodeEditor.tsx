import { lazy, Suspense } from "react";
import { Spinner } from "../../components/Spinner";

const CodeMirrorView = lazy(() => import("./CodeMirrorView"));

/** Source view/edit for scripts and SQL: CodeMirror, split into its own chunk. */
export function CodeEditor(props: { value: string; language: string; readOnly?: boolean; onChange: (value: string) => void }) {
  return (
    <Suspense fallback={<div className="empty"><Spinner /></div>}>
      <CodeMirrorView {...props} />
    </Suspense>
  );
}
