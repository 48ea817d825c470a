// Step-up: once the merchant turned it on, a risky action (a large refund, refunding several
// orders, the bot token, the refund policy) asks for a current code from their authenticator app.
// The Rust side answers `step_up` when it wants a code, or when the one sent was wrong or used,
// and `step_up_locked` after too many wrong codes; the same call then goes again with the code.
// This file keeps that in one place: a code field for dialogs that have their own confirm, and a
// guard that asks in a small dialog of its own for actions that have none.

import { useQueryClient } from "@tanstack/react-query";
import i18next from "i18next";
import { ShieldCheck } from "lucide-react";
import { type ReactNode, useCallback, useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { AppError, toAppError } from "../api/invoke";
import { Field, Modal, Spinner } from "./ui";

export interface StepUp {
  /** The code field is shown. */
  asked: boolean;
  code: string;
  setCode(code: string): void;
  /** What the Rust side said about the code: how to get one, that it was wrong, the lock. */
  message: string | null;
  /** The message is a refusal of a code that was sent (shown as an error, not a hint). */
  refused: boolean;
  /** Too many wrong codes: nothing to retry for a while. */
  locked: boolean;
  /** The action may be sent: no code is asked, or six digits are typed, and not locked. */
  ready: boolean;
  /** The code to send with the call: the digits typed, or null while none is asked. */
  value(): string | null;
  /**
   * Takes the error of a call that was sent with `value()`. True when it was about the code: the
   * field is shown (or says what was wrong) and the caller shows nothing more.
   */
  caught(error: unknown): boolean;
  /** Moves focus to the field the next time it renders. */
  focusToken: number;
}

/**
 * The state of one code field; `askedAtFirst` shows it before any call (step-up known to be on),
 * with `hint` under it.
 */
export function useStepUp(askedAtFirst = false, hint: string | null = null): StepUp {
  const [asked, setAsked] = useState(askedAtFirst);
  const [code, setCode] = useState("");
  const [message, setMessage] = useState<string | null>(hint);
  const [refused, setRefused] = useState(false);
  const [locked, setLocked] = useState(false);
  const [focusToken, setFocusToken] = useState(0);
  const qc = useQueryClient();

  // What is asked can be learnt after the first render (a preview or the status loading).
  useEffect(() => {
    if (askedAtFirst) setAsked(true);
  }, [askedAtFirst]);

  const caught = (error: unknown): boolean => {
    const e = toAppError(error);
    const sent = asked && code !== "";
    // A code is good once: whatever the answer, the one typed cannot go again.
    if (asked) setCode("");
    // Settings shows the tries left and the lock.
    if (sent || e.code === "step_up_locked") void qc.invalidateQueries({ queryKey: ["stepup"] });
    if (e.code === "step_up") {
      setAsked(true);
      setMessage(e.message);
      setRefused(sent);
      setFocusToken((n) => n + 1);
      return true;
    }
    if (e.code === "step_up_locked") {
      setAsked(true);
      setLocked(true);
      setMessage(e.message);
      setRefused(true);
      return true;
    }
    // Refused for another reason (the caller says why): what was said about the code is stale.
    setMessage(null);
    setRefused(false);
    return false;
  };

  return {
    asked,
    code,
    setCode,
    message,
    refused,
    locked,
    ready: !locked && (!asked || code.length === 6),
    value: () => (asked ? code : null),
    caught,
    focusToken,
  };
}

/** The code field itself: nothing while no code is asked. Enter calls `onEnter` (the confirm). */
export function StepUpField({ stepUp, onEnter }: { stepUp: StepUp; onEnter?: () => void }) {
  const { t } = useTranslation();
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (stepUp.focusToken > 0) input.current?.focus();
  }, [stepUp.focusToken]);
  if (!stepUp.asked) return null;
  const hint = stepUp.refused
    ? null
    : (stepUp.message ?? t("stepUp.hint"));
  return (
    <Field label={t("stepUp.label")} error={stepUp.refused ? stepUp.message : null} hint={hint}>
      {(p) => (
        <input
          {...p}
          ref={input}
          className="input mono code-input"
          name="one-time-code"
          inputMode="numeric"
          autoComplete="one-time-code"
          pattern="[0-9]*"
          maxLength={6}
          placeholder="123456"
          spellCheck={false}
          disabled={stepUp.locked}
          value={stepUp.code}
          onChange={(e) => stepUp.setCode(e.target.value.replace(/\D/g, "").slice(0, 6))}
          onKeyDown={(e) => {
            if (e.key === "Enter" && onEnter) {
              e.preventDefault();
              onEnter();
            }
          }}
          data-test="stepup-code"
        />
      )}
    </Field>
  );
}

/** The error a guarded call ends with when the merchant closes the code dialog. */
export const isCancelled = (e: unknown) => toAppError(e).code === "cancelled";

interface Prompt {
  what: string;
  first: string;
  send(code: string): Promise<void>;
  cancel(): void;
}

function CodeDialog({ prompt }: { prompt: Prompt }) {
  const { t } = useTranslation();
  const stepUp = useStepUp(true, prompt.first);
  const [busy, setBusy] = useState(false);
  // A double press is quicker than the disabled button.
  const sending = useRef(false);
  const submit = async () => {
    if (sending.current || !stepUp.ready) return;
    sending.current = true;
    setBusy(true);
    try {
      await prompt.send(stepUp.code);
    } catch (e) {
      // Only a refused code lands here; anything else ended the prompt.
      stepUp.caught(e);
    } finally {
      sending.current = false;
      setBusy(false);
    }
  };
  return (
    <Modal
      title={t("stepUp.title")}
      onClose={prompt.cancel}
      footer={
        <>
          <button className="btn" onClick={prompt.cancel}>
            {t("actions.cancel")}
          </button>
          <button className="btn primary" onClick={submit} disabled={busy || !stepUp.ready} data-test="stepup-confirm">
            {busy ? <Spinner /> : <ShieldCheck size={15} />} {t("actions.confirm")}
          </button>
        </>
      }
    >
      <div className="form">
        <p style={{ margin: 0 }}>{prompt.what}</p>
        <StepUpField stepUp={stepUp} onEnter={submit} />
      </div>
    </Modal>
  );
}

/**
 * For an action with no dialog of its own: `run` calls it without a code; when the answer is
 * `step_up`, a small dialog asks for the code and calls again with it, as often as the code is
 * refused. The promise settles with the call's own result or error, or as cancelled (see
 * `isCancelled`) when the merchant closes the dialog. Render `dialog` somewhere on the page.
 */
export function useStepUpGuard(): {
  run<T>(action: (code: string | null) => Promise<T>, what: string): Promise<T>;
  dialog: ReactNode;
} {
  const [prompt, setPrompt] = useState<Prompt | null>(null);
  const qc = useQueryClient();
  const run = useCallback(
    <T,>(action: (code: string | null) => Promise<T>, what: string): Promise<T> =>
      action(null).catch((error: unknown) => {
        const first = toAppError(error);
        if (first.code !== "step_up") throw first;
        return new Promise<T>((resolve, reject) => {
          setPrompt({
            what,
            first: first.message,
            send: async (code) => {
              try {
                const result = await action(code);
                setPrompt(null);
                resolve(result);
              } catch (e) {
                const err = toAppError(e);
                // Settings shows the tries left and the lock.
                if (err.code === "step_up" || err.code === "step_up_locked") void qc.invalidateQueries({ queryKey: ["stepup"] });
                // A wrong or used code: the dialog says so and waits for another.
                if (err.code === "step_up") throw err;
                setPrompt(null);
                reject(err);
              }
            },
            cancel: () => {
              setPrompt(null);
              reject(new AppError({ code: "cancelled", message: i18next.t("common:stepUp.noCode") }));
            },
          });
        });
      }),
    [qc],
  );
  return { run, dialog: prompt && <CodeDialog prompt={prompt} /> };
}
