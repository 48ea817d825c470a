// Small building blocks shared by the pages.

import i18next from "i18next";
import { AlertTriangle, Check, Copy, Inbox, Star, UserRound, X } from "lucide-react";
import { type MouseEvent, type ReactNode, useId, useLayoutEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import type { BotState } from "../bindings/BotState";
import type { Status } from "../bindings/Status";
import type { SubStatus } from "../bindings/SubStatus";
import { copyText } from "../lib/clipboard";
import { avatarColor, initials, num } from "../lib/format";
import { DeepLinkCopy } from "./DeepLink";
import { useToast } from "./Toasts";

export function Stars({ n, size = 14 }: { n: number; size?: number }) {
  const { t } = useTranslation();
  return (
    <span className="stars" aria-label={t("stars", { count: n, n: num(n) })}>
      <Star size={size} strokeWidth={1.5} aria-hidden />
      {num(n)}
    </span>
  );
}

/** An order's status: its tone here, its words `common:orderStatus.<status>`. */
const STATUS_TONE: Record<Status, string> = {
  paid: "blue",
  delivered: "green",
  failed: "red",
  refunded: "amber",
};

export function OrderStatus({ status }: { status: Status }) {
  const { t } = useTranslation();
  return (
    <span className={`badge ${STATUS_TONE[status]}`}>
      <span className="dot" />
      {t(`orderStatus.${status}`)}
    </span>
  );
}

/**
 * A subscription's status: its tone here; its words (`label`) and what it means (`help`) are
 * `common:subStatus.<status>.label` and `.help`, in the window's language when called.
 */
export const SUB_STATUS: Record<SubStatus, { readonly label: string; tone: string; readonly help: string }> = (() => {
  const tones: Record<SubStatus, string> = { active: "green", cancelled: "amber", lapsed: "", refunded: "red" };
  const out = {} as Record<SubStatus, { label: string; tone: string; help: string }>;
  for (const status of Object.keys(tones) as SubStatus[]) {
    out[status] = {
      tone: tones[status],
      get label() {
        return i18next.t(`common:subStatus.${status}.label`);
      },
      get help() {
        return i18next.t(`common:subStatus.${status}.help`);
      },
    };
  }
  return out;
})();

export function SubscriptionStatus({ status }: { status: SubStatus }) {
  const { t } = useTranslation();
  return (
    <span className={`badge ${SUB_STATUS[status].tone}`} title={t(`subStatus.${status}.help`)}>
      <span className="dot" />
      {t(`subStatus.${status}.label`)}
    </span>
  );
}

const BOT_TONE: Record<BotState, string> = {
  running: "green",
  starting: "blue",
  failing: "red",
  stopped: "",
};

export function BotStateBadge({ state }: { state: BotState }) {
  const { t } = useTranslation();
  return (
    <span className={`badge ${BOT_TONE[state]}`}>
      <span className={`dot ${state === "starting" ? "pulse" : ""}`} />
      {t(`botState.${state}`)}
    </span>
  );
}

export function Avatar({ id, name, large }: { id: number; name: string; large?: boolean }) {
  return (
    <span className={`avatar ${large ? "lg" : ""}`} style={{ background: avatarColor(id) }} aria-hidden>
      {initials(name) || <UserRound size={large ? 20 : 15} />}
    </span>
  );
}

export function Person({ id, name, username }: { id: number; name: string; username: string | null }) {
  const { t } = useTranslation();
  return (
    <span className="person">
      <Avatar id={id} name={name} />
      <span className="ellipsis">
        <span className="name">{name || t("states.unknown")}</span>
        {username && <span className="handle"> @{username}</span>}
      </span>
    </span>
  );
}

export function EmptyState({
  icon,
  title,
  children,
  action,
}: {
  icon?: ReactNode;
  title: string;
  children?: ReactNode;
  action?: ReactNode;
}) {
  return (
    <div className="empty">
      <div className="art">{icon ?? <Inbox size={24} />}</div>
      <h3>{title}</h3>
      {children && <p>{children}</p>}
      {action}
    </div>
  );
}

export function ErrorState({ message, onRetry }: { message: string; onRetry?: () => void }) {
  const { t } = useTranslation();
  return (
    <div className="empty error" role="alert">
      <div className="art">
        <AlertTriangle size={24} />
      </div>
      <h3>{t("states.error")}</h3>
      <p>{message}</p>
      {onRetry && (
        <button className="btn" onClick={onRetry}>
          {t("actions.tryAgain")}
        </button>
      )}
    </div>
  );
}

export function Loading({ label }: { label?: string }) {
  const { t } = useTranslation();
  return (
    <div className="loading" role="status">
      <span className="spinner" aria-hidden />
      {label ?? t("states.loading")}
    </div>
  );
}

export function Spinner() {
  return <span className="spinner" aria-hidden />;
}

export function Switch({
  checked,
  onChange,
  label,
  disabled,
}: {
  checked: boolean;
  onChange: (on: boolean) => void;
  label: string;
  disabled?: boolean;
}) {
  return (
    <button
      type="button"
      role="switch"
      className="switch"
      aria-checked={checked}
      aria-label={label}
      disabled={disabled}
      onClick={() => onChange(!checked)}
    />
  );
}

export function Segmented<T extends string>({
  value,
  options,
  onChange,
  label,
  disabled,
}: {
  value: T;
  options: { value: T; label: ReactNode }[];
  onChange: (v: T) => void;
  label: string;
  disabled?: boolean;
}) {
  return (
    <div className="segmented" role="group" aria-label={label}>
      {options.map((o) => (
        <button
          type="button"
          key={o.value}
          aria-pressed={o.value === value}
          disabled={disabled && o.value !== value}
          onClick={() => onChange(o.value)}
        >
          {o.label}
        </button>
      ))}
    </div>
  );
}

export function Field({
  label,
  hint,
  error,
  counter,
  children,
}: {
  label: string;
  hint?: ReactNode;
  error?: string | null;
  counter?: string;
  children: (props: { id: string; "aria-invalid": boolean; "aria-describedby"?: string }) => ReactNode;
}) {
  const id = useId();
  const errorId = `${id}-error`;
  return (
    <div className="field">
      <label htmlFor={id}>
        <span>{label}</span>
        {counter && <span className="muted small tabular">{counter}</span>}
      </label>
      {children({ id, "aria-invalid": Boolean(error), "aria-describedby": error ? errorId : undefined })}
      {error ? (
        <div className="error" id={errorId} role="alert">
          <AlertTriangle size={13} /> {error}
        </div>
      ) : (
        hint && <div className="help">{hint}</div>
      )}
    </div>
  );
}

/**
 * A native modal `<dialog>`: the browser keeps focus inside and turns Escape into `cancel`. Its
 * parent closes it by unmounting it; focus then goes back to whatever opened it.
 */
function Dialog({
  className,
  label,
  onClose,
  children,
  test,
}: {
  className: string;
  label?: string;
  onClose: () => void;
  children: ReactNode;
  /** Its `data-test`, for the GUI tests. */
  test?: string;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const close = useRef(onClose);
  close.current = onClose;
  const shown = useRef(false);
  const pressedOutside = useRef(false);
  const toasts = useToast();

  // A layout effect, so the dialog is modal before the first paint and closed before React
  // removes it: a modal dialog removed while open would leave focus nowhere.
  useLayoutEffect(() => {
    const dialog = ref.current!;
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    if (!dialog.open) dialog.showModal();
    shown.current = true;
    toasts.raise();
    // The browser focuses the first focusable element, the close button; the first field or
    // action is where the merchant wants to be.
    const first =
      dialog.querySelector<HTMLElement>("[data-autofocus]") ??
      dialog.querySelector<HTMLElement>("input:not(.sr-only), textarea, select") ??
      dialog.querySelector<HTMLElement>("button:not(.close)");
    (first ?? dialog).focus();
    return () => {
      shown.current = false;
      dialog.close();
      // WebKit versions differ on where close() leaves focus; the opener is where the user was.
      if (opener?.isConnected) opener.focus();
    };
    // The dialog opens once per mount.
  }, []);

  // The ::backdrop belongs to the dialog: a click on it targets the dialog, outside its box.
  const onBackdrop = (e: MouseEvent<HTMLDialogElement>) => {
    if (e.target !== e.currentTarget) return false;
    const r = e.currentTarget.getBoundingClientRect();
    return e.clientX < r.left || e.clientX >= r.right || e.clientY < r.top || e.clientY >= r.bottom;
  };

  return (
    <dialog
      ref={ref}
      className={className}
      aria-label={label}
      data-test={test}
      tabIndex={-1}
      onCancel={(e) => {
        // Escape: the parent decides, and closes by unmounting.
        e.preventDefault();
        close.current();
      }}
      onClose={() => {
        // Closed by the browser without a `cancel` to refuse (Chromium does so for a second
        // Escape with no click or key in between). The `close` our own cleanup queues finds the
        // dialog unmounted, or shown again by StrictMode's second mount.
        if (shown.current && !ref.current?.open) close.current();
      }}
      // Pressed and released on the backdrop: a text selection dragged out of the dialog stays.
      onMouseDown={(e) => (pressedOutside.current = onBackdrop(e))}
      onClick={(e) => {
        if (pressedOutside.current && onBackdrop(e)) close.current();
        pressedOutside.current = false;
      }}
    >
      {children}
    </dialog>
  );
}

export function Modal({
  title,
  onClose,
  children,
  footer,
  wide,
}: {
  title: ReactNode;
  onClose: () => void;
  children: ReactNode;
  footer?: ReactNode;
  wide?: boolean;
}) {
  const { t } = useTranslation();
  return (
    <Dialog className={`modal ${wide ? "wide" : ""}`} label={typeof title === "string" ? title : undefined} onClose={onClose}>
      <div className="modal-head">
        <h2 className="grow">{title}</h2>
        <button className="btn ghost icon-only close" onClick={onClose} aria-label={t("actions.close")}>
          <X size={18} />
        </button>
      </div>
      <div className="modal-body">{children}</div>
      {footer && <div className="modal-foot">{footer}</div>}
    </Dialog>
  );
}

export function Drawer({
  title,
  onClose,
  children,
  footer,
  label,
  test,
}: {
  title: ReactNode;
  onClose: () => void;
  children: ReactNode;
  footer?: ReactNode;
  label: string;
  test?: string;
}) {
  const { t } = useTranslation();
  return (
    <Dialog className="drawer" label={label} onClose={onClose} test={test}>
      <div className="drawer-head">
        <div className="grow row">{title}</div>
        <button className="btn ghost icon-only close" onClick={onClose} aria-label={t("actions.close")}>
          <X size={18} />
        </button>
      </div>
      <div className="drawer-body">{children}</div>
      {footer && <div className="drawer-foot">{footer}</div>}
    </Dialog>
  );
}

export { copyText };

/**
 * Copies `text`. A `deepLink` (a link to the bot) is marked in demo mode as the demo bot's, which
 * only the Demo page's chat can open (see DeepLink.tsx).
 */
export function CopyButton({ text, label, deepLink = false }: { text: string; label?: string; deepLink?: boolean }) {
  if (deepLink) return <DeepLinkCopy text={text} label={label} />;
  return <PlainCopyButton text={text} label={label} />;
}

/** With no `label` of its own it says "Copy" beside its icon; with one, the icon alone. */
function PlainCopyButton({ text, label }: { text: string; label?: string }) {
  const { t } = useTranslation();
  const [done, setDone] = useState(false);
  const name = label ?? t("actions.copy");
  return (
    <button
      type="button"
      className="btn sm ghost"
      aria-label={name}
      title={name}
      onClick={async () => {
        await copyText(text);
        setDone(true);
        setTimeout(() => setDone(false), 1500);
      }}
    >
      {done ? <Check size={14} /> : <Copy size={14} />}
      {done ? t("actions.copied") : label === undefined ? name : null}
    </button>
  );
}
