import { useToasts } from "./toastStore";

export function Toasts() {
  const toasts = useToasts((state) => state.toasts);
  return (
    <div className="toasts" role="status" aria-live="polite">
      {toasts.map((item) => (
        <div key={item.id} className={`toast ${item.kind}`} data-testid="toast">
          {item.message}
        </div>
      ))}
    </div>
  );
}
