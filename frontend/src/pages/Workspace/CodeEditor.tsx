/** Source view/edit for scripts and SQL. A plain monospace editor (tab inserts spaces). */
export function CodeEditor({ value, onChange, readOnly }: { value: string; language: string; readOnly?: boolean; onChange: (value: string) => void }) {
  return (
    <textarea
      className="textarea code"
      aria-label="File content"
      spellCheck={false}
      readOnly={readOnly}
      value={value}
      style={{ border: 0, borderRadius: 0, minHeight: 480, width: "100%", boxShadow: "none" }}
      onChange={(e) => onChange(e.target.value)}
      onKeyDown={(e) => {
        if (e.key !== "Tab" || readOnly) return;
        e.preventDefault();
        const el = e.currentTarget;
        const { selectionStart: start, selectionEnd: end } = el;
        onChange(`${value.slice(0, start)}    ${value.slice(end)}`);
        requestAnimationFrame(() => el.setSelectionRange(start + 4, start + 4));
      }}
    />
  );
}
