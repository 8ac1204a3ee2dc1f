import { useEffect, useRef, useState } from "react";
import { ChevronDown, Plus } from "lucide-react";
import { TASK_TYPES, TASK_TYPE_INFO, type TaskType } from "../constants/taskTypes";
import { TaskIcon } from "./nodes/TaskIcon";

/** "Add task" with the task type to add. */
export function AddTaskMenu({ onAdd }: { onAdd: (type: TaskType) => void }) {
  const [open, setOpen] = useState(false);
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!open) return;
    const close = (event: MouseEvent | KeyboardEvent) => {
      if (event instanceof KeyboardEvent ? event.key === "Escape" : !ref.current?.contains(event.target as Node)) setOpen(false);
    };
    window.addEventListener("mousedown", close);
    window.addEventListener("keydown", close);
    return () => {
      window.removeEventListener("mousedown", close);
      window.removeEventListener("keydown", close);
    };
  }, [open]);
  return (
    <div className="menu-anchor" ref={ref}>
      <button type="button" className="btn primary sm" aria-haspopup="menu" aria-expanded={open} onClick={() => setOpen(!open)}>
        <Plus size={14} /> Add task <ChevronDown size={13} />
      </button>
      {open && (
        <div className="menu" role="menu" style={{ left: 0, right: "auto" }}>
          {TASK_TYPES.map((type) => (
            <button
              key={type}
              role="menuitem"
              className="menu-item"
              onClick={() => {
                setOpen(false);
                onAdd(type);
              }}
            >
              <span style={{ color: TASK_TYPE_INFO[type].color, display: "flex" }}>
                <TaskIcon type={type} size={15} />
              </span>
              {TASK_TYPE_INFO[type].label}
            </button>
          ))}
        </div>
      )}
    </div>
  );
}
