import { useEffect, useRef } from "react";
import { basicSetup } from "codemirror";
import { python } from "@codemirror/lang-python";
import { sql } from "@codemirror/lang-sql";
import { EditorState } from "@codemirror/state";
import { EditorView } from "@codemirror/view";

interface CodeMirrorViewProps {
  value: string;
  language: string;
  readOnly?: boolean;
  onChange: (value: string) => void;
}

const theme = EditorView.theme({
  "&": { fontSize: "12.5px", backgroundColor: "var(--surface)", color: "var(--text)", minHeight: "480px" },
  ".cm-gutters": { backgroundColor: "var(--surface-2)", color: "var(--text-3)", borderRight: "1px solid var(--border)" },
  ".cm-activeLine, .cm-activeLineGutter": { backgroundColor: "color-mix(in srgb, var(--accent) 8%, transparent)" },
  ".cm-content": { fontFamily: "var(--mono)" },
  "&.cm-focused": { outline: "none" },
});

/** CodeMirror 6 for scripts and SQL (loaded on demand: the workspace page only). */
export default function CodeMirrorView({ value, language, readOnly, onChange }: CodeMirrorViewProps) {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  const latest = useRef(onChange);
  latest.current = onChange;

  useEffect(() => {
    const extensions = [
      basicSetup,
      theme,
      EditorState.readOnly.of(!!readOnly),
      EditorView.contentAttributes.of({ "aria-label": "File content" }),
      EditorView.updateListener.of((update) => update.docChanged && latest.current(update.state.doc.toString())),
    ];
    if (language === "python") extensions.push(python());
    if (language === "sql") extensions.push(sql());
    view.current = new EditorView({ parent: host.current!, state: EditorState.create({ doc: value, extensions }) });
    return () => view.current?.destroy();
    // The document is set once per file (the page remounts per path); edits flow out via onChange.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [language, readOnly]);

  return <div ref={host} data-testid="code-editor" />;
}
