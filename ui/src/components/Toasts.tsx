// Short messages in the corner: a sale, a saved change, a refusal.

import { CheckCircle2, Star, XCircle, Info } from "lucide-react";
import { createContext, type ReactNode, useCallback, useContext, useLayoutEffect, useMemo, useRef, useState } from "react";

type Tone = "success" | "error" | "info" | "sale";

interface Toast {
  id: number;
  tone: Tone;
  title: string;
  body?: string;
  action?: ToastAction;
}

/** A button on the toast, such as Undo; the toast closes when it is pressed. */
export interface ToastAction {
  label: string;
  run: () => void;
}

interface Toaster {
  show(tone: Tone, title: string, body?: string, action?: ToastAction): void;
  /** Puts the toasts back above everything; a modal dialog calls it as it opens. */
  raise(): void;
}

const Ctx = createContext<Toaster>({ show: () => {}, raise: () => {} });

export function useToast(): Toaster {
  return useContext(Ctx);
}

const ICON: Record<Tone, ReactNode> = {
  success: <CheckCircle2 size={18} />,
  error: <XCircle size={18} />,
  info: <Info size={18} />,
  sale: <Star size={18} fill="currentColor" />,
};

export function ToastProvider({ children }: { children: ReactNode }) {
  const [toasts, setToasts] = useState<Toast[]>([]);
  const next = useRef(1);
  const dismiss = useCallback((id: number) => setToasts((t) => t.filter((x) => x.id !== id)), []);
  const show = useCallback(
    (tone: Tone, title: string, body?: string, action?: ToastAction) => {
      const id = next.current++;
      setToasts((t) => [...t.slice(-2), { id, tone, title, body, action }]);
      // A toast with an action stays long enough to reach it.
      setTimeout(() => dismiss(id), action ? 10000 : tone === "error" ? 7000 : tone === "sale" ? 4500 : 3500);
    },
    [dismiss],
  );
  // A modal dialog lives in the browser's top layer, above any z-index. The toasts join it there
  // as a popover, shown again (so above the newest dialog) when a toast comes or goes and when a
  // dialog opens. Without popovers (jsdom) they stay at their z-index.
  const region = useRef<HTMLDivElement>(null);
  const raise = useCallback(() => {
    const el = region.current;
    if (!el || typeof el.showPopover !== "function") return;
    if (el.matches(":popover-open")) el.hidePopover();
    if (el.childElementCount > 0) el.showPopover();
  }, []);
  useLayoutEffect(raise, [toasts, raise]);
  const value = useMemo(() => ({ show, raise }), [show, raise]);
  return (
    <Ctx.Provider value={value}>
      {children}
      <div className="toasts" role="status" aria-live="polite" popover="manual" ref={region}>
        {toasts.map((t) => (
          <div key={t.id} className={`toast ${t.tone}`} onClick={() => dismiss(t.id)}>
            <span className="t-icon">{ICON[t.tone]}</span>
            <div>
              <div className="t-title">{t.title}</div>
              {t.body && <div className="t-body">{t.body}</div>}
            </div>
            {t.action && (
              <button
                type="button"
                className="btn sm t-action"
                data-test="toast-action"
                onClick={(e) => {
                  e.stopPropagation();
                  dismiss(t.id);
                  t.action!.run();
                }}
              >
                {t.action.label}
              </button>
            )}
          </div>
        ))}
      </div>
    </Ctx.Provider>
  );
}
