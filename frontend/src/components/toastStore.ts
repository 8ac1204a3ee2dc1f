import { create } from "zustand";

export type ToastKind = "info" | "success" | "danger";

interface Toast {
  id: number;
  kind: ToastKind;
  message: string;
}

interface ToastState {
  toasts: Toast[];
  show: (message: string, kind?: ToastKind) => void;
  dismiss: (id: number) => void;
}

let nextId = 1;

export const useToasts = create<ToastState>((set, get) => ({
  toasts: [],
  show: (message, kind = "info") => {
    const id = nextId++;
    set({ toasts: [...get().toasts.slice(-2), { id, kind, message }] });
    setTimeout(() => get().dismiss(id), 4000);
  },
  dismiss: (id) => set({ toasts: get().toasts.filter((toast) => toast.id !== id) }),
}));

export const toast = (message: string, kind?: ToastKind) => useToasts.getState().show(message, kind);
