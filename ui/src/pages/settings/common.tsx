// The pieces the Settings cards share: a card with its heading, the loading and error states of the
// query a card shows, a Save button, a Save/Undo row with the core's refusal above it, a setting
// turned on and off by a switch, and one value typed on a line and saved through a mutation, with
// the core's refusal shown under it.

import { useMutation, type UseQueryResult } from "@tanstack/react-query";
import { AlertTriangle, Check } from "lucide-react";
import { useEffect, useState, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { errorMessage } from "../../api/invoke";
import { ErrorState, Field, Loading, Spinner, Switch } from "../../components/ui";

/** A Settings card: its heading (an icon and a title, maybe a badge after it) and its body. */
export function SettingsCard({
  test,
  icon,
  title,
  badge,
  children,
}: {
  test: string;
  icon: ReactNode;
  title: string;
  badge?: ReactNode;
  children: ReactNode;
}) {
  return (
    <div className="card" data-test={test}>
      <div className="card-head">
        <h2 className="row">
          {icon} {title}
        </h2>
        {badge}
      </div>
      {children}
    </div>
  );
}

/** What a card's query holds once it is loaded; loading and failing (with Retry) until then. */
export function Loaded<T>({ query, children }: { query: UseQueryResult<T>; children: (data: T) => ReactNode }) {
  return query.isLoading ? (
    <Loading />
  ) : query.isError ? (
    <ErrorState message={errorMessage(query.error)} onRetry={() => query.refetch()} />
  ) : (
    <>{children(query.data as T)}</>
  );
}

/** A card whose body is one form of what its query holds. */
export function QueryCard<T>({
  query,
  children,
  ...card
}: {
  test: string;
  icon: ReactNode;
  title: string;
  query: UseQueryResult<T>;
  children: (data: T) => ReactNode;
}) {
  return (
    <SettingsCard {...card}>
      <div className="card-body form">
        <Loaded query={query}>{children}</Loaded>
      </div>
    </SettingsCard>
  );
}

/** Save, with a spinner while it is being saved. */
export function SaveButton({
  pending,
  disabled,
  primary,
  type,
  onClick,
  test,
}: {
  pending: boolean;
  disabled: boolean;
  primary?: boolean;
  type?: "submit" | "button";
  onClick?: () => void;
  test?: string;
}) {
  const { t } = useTranslation();
  return (
    <button className={primary ? "btn primary" : "btn"} type={type} onClick={onClick} disabled={disabled || pending} data-test={test}>
      {pending ? <Spinner /> : <Check size={15} />} {t("actions.save")}
    </button>
  );
}

/** The core's refusal of a whole form, above its Save row. */
export function FormError({ error, test }: { error: string | null; test?: string }) {
  return error ? (
    <div className="form-error" role="alert" data-test={test}>
      <AlertTriangle size={13} /> {error}
    </div>
  ) : null;
}

/** A form's Save (it submits the form) and, once something changed, Undo changes; then `children`. */
export function SaveRow({
  test,
  ready,
  dirty,
  pending,
  onUndo,
  children,
}: {
  test: string;
  /** Whether there is something to save. */
  ready: boolean;
  /** Whether there is something to undo. */
  dirty: boolean;
  pending: boolean;
  onUndo: () => void;
  children?: ReactNode;
}) {
  const { t } = useTranslation("settings");
  return (
    <div className="row">
      <SaveButton primary type="submit" pending={pending} disabled={!ready} test={test} />
      {dirty && (
        <button className="btn" type="button" onClick={onUndo} disabled={pending}>
          {t("undoChanges")}
        </button>
      )}
      {children}
    </div>
  );
}

/** A setting turned on and off: what it is, what it does, and its switch. */
export function SwitchLine({
  title,
  help,
  helpTest,
  checked,
  disabled,
  onChange,
  label,
}: {
  title: string;
  help: ReactNode;
  helpTest?: string;
  checked: boolean;
  disabled: boolean;
  onChange: (on: boolean) => void;
  label: string;
}) {
  return (
    <div className="setting-line">
      <div>
        <div style={{ fontWeight: 600 }}>{title}</div>
        <div className="muted small" data-test={helpTest}>
          {help}
        </div>
      </div>
      <Switch checked={checked} disabled={disabled} onChange={onChange} label={label} />
    </div>
  );
}

/** A whole number as typed ("15", " 15 "), or null for anything else. */
export function wholeNumber(typed: string): number | null {
  const t = typed.trim();
  return /^\d+$/.test(t) ? Number(t) : null;
}

/** What a line's text sends, or why it sends nothing. */
export type Parsed<V> = { value: V } | { refused: string };

/**
 * A whole number, or `refused`. A range is the core's to judge; a number at all is ours, or the
 * command could not read it.
 */
export const wholeOr =
  (refused: string) =>
  (text: string): Parsed<number> => {
    const n = wholeNumber(text);
    return n === null ? { refused } : { value: n };
  };

/** The text as typed, for the core to read and judge. */
export const asTyped = (text: string): Parsed<string> => ({ value: text });

/**
 * One value typed on a line and saved on its own: the text held (the saved value again whenever
 * that changes), the refusal shown under it (ours or the core's, cleared by typing), and the
 * mutation that sends it. `onSaved` stores the answer and says so; `textOf` is the answer as shown.
 */
export function useLineSetting<V, R>({
  saved,
  parse,
  send,
  onSaved,
  textOf,
}: {
  saved: string;
  parse: (text: string) => Parsed<V>;
  send: (value: V) => Promise<R>;
  onSaved: (answer: R) => void;
  textOf?: (answer: R) => string;
}) {
  const [text, setText] = useState(saved);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => setText(saved), [saved]);
  const save = useMutation({
    mutationFn: send,
    onSuccess: (answer) => {
      setError(null);
      if (textOf) setText(textOf(answer));
      onSaved(answer);
    },
    onError: (e) => setError(errorMessage(e)),
  });
  return {
    text,
    error,
    save,
    /** Nothing to save: the text is what is saved. */
    unchanged: text.trim() === saved,
    type: (t: string) => {
      setText(t);
      setError(null);
    },
    submit: () => {
      const p = parse(text);
      if ("refused" in p) setError(p.refused);
      else save.mutate(p.value);
    },
  };
}

/** The line of a `useLineSetting`: its field, its input and Save in a form of their own. */
export function LineField({
  setting,
  label,
  hint,
  name,
  inputMode = "numeric",
  unit,
  busy = false,
}: {
  setting: { text: string; error: string | null; unchanged: boolean; save: { isPending: boolean }; type: (t: string) => void; submit: () => void };
  label: string;
  hint: ReactNode;
  /** The input's name and data-test. */
  name: string;
  inputMode?: "numeric" | "decimal";
  /** After the input: "minutes". */
  unit?: string;
  /** Something else of the card's is being saved. */
  busy?: boolean;
}) {
  return (
    <Field label={label} error={setting.error} hint={hint}>
      {(p) => (
        <form
          className="row"
          onSubmit={(e) => {
            e.preventDefault();
            setting.submit();
          }}
        >
          <input
            {...p}
            className="input inline-number"
            inputMode={inputMode}
            name={name}
            value={setting.text}
            onChange={(e) => setting.type(e.target.value)}
            data-test={name}
          />
          {unit && <span>{unit}</span>}
          <SaveButton type="submit" pending={setting.save.isPending} disabled={setting.unchanged || busy} />
        </form>
      )}
    </Field>
  );
}
