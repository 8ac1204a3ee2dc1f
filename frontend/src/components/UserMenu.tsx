import { useEffect, useRef, useState } from "react";
import { useNavigate } from "react-router-dom";
import { ChevronDown, KeyRound, LogOut, Moon, Sun, UserCircle2 } from "lucide-react";
import { useLogout } from "../queries/useLogout";
import { useMe } from "../queries/useMe";
import { setTheme, useTheme } from "../utils/theme";
import { userName } from "../utils/format";

export function UserMenu() {
  const [open, setOpen] = useState(false);
  const ref = useRef<HTMLDivElement>(null);
  const me = useMe();
  const logout = useLogout();
  const theme = useTheme();
  const navigate = useNavigate();

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

  const go = (path: string) => {
    setOpen(false);
    navigate(path);
  };

  return (
    <div className="menu-anchor" ref={ref}>
      <button type="button" className="btn ghost" aria-haspopup="menu" aria-expanded={open} onClick={() => setOpen(!open)}>
        <UserCircle2 size={18} />
        <span>{userName(me.data)}</span>
        <ChevronDown size={14} />
      </button>
      {open && (
        <div className="menu" role="menu">
          <div className="menu-label">Signed in as {userName(me.data)}</div>
          <button role="menuitem" className="menu-item" onClick={() => setTheme(theme === "dark" ? "light" : "dark")}>
            {theme === "dark" ? <Sun size={15} /> : <Moon size={15} />}
            {theme === "dark" ? "Light theme" : "Dark theme"}
          </button>
          <button role="menuitem" className="menu-item" onClick={() => go("/settings/tokens")}>
            <KeyRound size={15} /> Access tokens
          </button>
          <div className="divider" />
          <button
            role="menuitem"
            className="menu-item"
            onClick={() => logout.mutate(undefined, { onSettled: () => go("/login") })}
          >
            <LogOut size={15} /> Log out
          </button>
        </div>
      )}
    </div>
  );
}
