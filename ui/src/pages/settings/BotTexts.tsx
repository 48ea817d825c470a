// Settings · what the bot says: the welcome, /terms (and the refund policy sent with it),
// /paysupport and /help texts, with the formatting Telegram shows (a safe part of its HTML) and a
// preview of the message as the bot sends it, buttons included.

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { AlertTriangle } from "lucide-react";
import { type ReactNode, useEffect, useMemo, useState } from "react";
import type { TextUse } from "../../bindings/TextUse";
import { errorMessage } from "../../api/invoke";
import { botTexts, botTextUses, resetBotText, setBotText } from "../../api/settings";
import { chatText } from "../../components/ChatText";
import { StarText } from "../../components/StarText";
import { useToast } from "../../components/Toasts";
import { ErrorState, Loading, Modal, Spinner } from "../../components/ui";
import { num } from "../../lib/format";
import { LEGAL_KEY } from "../../queries";
import { parseTelegramHtml } from "./telegramHtml";

/** Each text's name; `note` says where a text goes out when its name does not. */
export const TEXT_LABELS: Record<string, { label: string; note?: string; help: string }> = {
  welcome: { label: "Welcome", help: "Sent with the catalog when a customer opens the bot (/start)." },
  terms: {
    label: "Terms",
    help: "The answer to /terms, with the refund policy and the seller's details (Terms and seller, below). A change is a new version of the terms.",
  },
  refunds: {
    label: "Refund policy",
    note: "sent with /terms",
    help: "Sent with /terms, after the terms and before the seller's details. A change is a new version of the terms.",
  },
  paysupport: { label: "Payment support", help: "The answer to /paysupport, which Telegram requires of every bot that sells." },
  help: { label: "Help", help: "The answer to /help." },
};

/** The shop keeps at most this many characters, tags included (`settings::MAX_TEXT`). */
const MAX = 3000;

/** A bot text's HTML drawn as Telegram draws it; a text that does not parse is shown as typed. */
export function TelegramText({ html }: { html: string }): ReactNode {
  const parsed = parseTelegramHtml(html);
  return parsed.ok ? chatText(parsed.text, parsed.entities, { decorate: (t) => <StarText text={t} /> }) : html;
}

/** The message as the customer gets it: the text, what the bot adds to it, and its buttons. */
function Preview({ body, use }: { body: string; use: TextUse | undefined }) {
  return (
    <div className="preview-chat" aria-label="Preview" data-test="text-preview">
      <div className="bubble me">{use?.command ?? "/start"}</div>
      <div className="bubble">
        {body.trim() ? <TelegramText html={body.trim()} /> : " "}
        {use?.after && (
          <>
            {"\n\n"}
            <TelegramText html={use.after} />
          </>
        )}
      </div>
      {use && use.buttons.length > 0 && (
        <div className="bubble-buttons" aria-label="Buttons under the message">
          {use.buttons.map((b, i) => (
            <div className="brow" key={i}>
              <button type="button" tabIndex={-1} title="The buttons work in Telegram">
                <StarText text={b} />
              </button>
            </div>
          ))}
        </div>
      )}
    </div>
  );
}

function Confirm({ title, text, yes, onYes, onNo }: { title: string; text: string; yes: string; onYes: () => void; onNo: () => void }) {
  return (
    <Modal
      title={title}
      onClose={onNo}
      footer={
        <>
          <button className="btn" onClick={onNo} autoFocus>
            Keep editing
          </button>
          <button className="btn danger solid" onClick={onYes}>
            {yes}
          </button>
        </>
      }
    >
      <p>{text}</p>
    </Modal>
  );
}

export function TextsSection() {
  const qc = useQueryClient();
  const toast = useToast();
  const texts = useQuery({ queryKey: ["texts"], queryFn: botTexts });
  // What goes with each text (buttons from the catalog); the preview does without it if it fails.
  const uses = useQuery({ queryKey: ["texts", "uses"], queryFn: botTextUses, retry: false });
  const [key, setKey] = useState("welcome");
  const current = texts.data?.find((t) => t.key === key);
  const [body, setBody] = useState("");
  const [saveError, setSaveError] = useState<string | null>(null);
  const [asking, setAsking] = useState<{ kind: "switch"; to: string } | { kind: "reset" } | null>(null);
  useEffect(() => {
    setBody(current?.body ?? "");
    setSaveError(null);
  }, [current?.body, key]);
  const dirty = current !== undefined && body !== current.body;
  const save = useMutation({
    mutationFn: () => setBotText(key, body),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: ["texts"] });
      // The terms and the refund policy are in /terms, and a change of either is a new version.
      void qc.invalidateQueries({ queryKey: LEGAL_KEY });
      toast.show("success", `${TEXT_LABELS[key].label} text saved`, "The bot answers with it from now on.");
    },
    onError: (e) => setSaveError(errorMessage(e)),
  });
  const reset = useMutation({
    mutationFn: () => resetBotText(key),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: ["texts"] });
      void qc.invalidateQueries({ queryKey: LEGAL_KEY });
      toast.show("success", "Back to the built-in text");
    },
    onError: (e) => toast.show("error", "Not reset", errorMessage(e)),
  });
  const parsed = useMemo(() => parseTelegramHtml(body.trim()), [body]);
  const length = [...body.trim()].length;
  const problem = !body.trim()
    ? "The text cannot be empty."
    : length > MAX
      ? `The text is too long: at most ${num(MAX)} characters, tags included.`
      : !parsed.ok
        ? parsed.error
        : !parsed.text.trim()
          ? "The text has nothing to read once its tags are taken out."
          : saveError;
  const switchTo = (k: string) => {
    if (k === key) return;
    if (dirty) setAsking({ kind: "switch", to: k });
    else setKey(k);
  };

  return (
    <div className="card" data-test="bot-texts">
      <div className="card-head">
        <h2>What the bot says</h2>
        {current && (current.custom ? <span className="badge accent">Your text</span> : <span className="badge">Built-in text</span>)}
      </div>
      <div className="tabs" role="tablist" aria-label="Bot texts">
        {Object.entries(TEXT_LABELS).map(([k, v]) => (
          <button key={k} role="tab" aria-selected={k === key} onClick={() => switchTo(k)}>
            {v.label}
            {v.note && <span className="muted"> ({v.note})</span>}
            {k === key && dirty && <span className="muted"> •</span>}
          </button>
        ))}
      </div>
      {texts.isLoading ? (
        <Loading />
      ) : texts.isError ? (
        <ErrorState message={errorMessage(texts.error)} onRetry={() => texts.refetch()} />
      ) : (
        <div className="card-body split">
          <div className="form">
            <div className="field">
              <label htmlFor="bot-text" className="label">
                <span>
                  {TEXT_LABELS[key].label}
                  {TEXT_LABELS[key].note && <span className="muted"> ({TEXT_LABELS[key].note})</span>}
                </span>
                <span className="muted small tabular">
                  {num(length)}/{num(MAX)}
                </span>
              </label>
              <textarea
                id="bot-text"
                className="textarea"
                rows={9}
                value={body}
                aria-invalid={Boolean(problem)}
                aria-describedby="bot-text-help"
                onChange={(e) => {
                  setBody(e.target.value);
                  setSaveError(null);
                }}
              />
              {problem ? (
                <div className="error" role="alert" data-test="text-problem">
                  <AlertTriangle size={13} /> {problem}
                </div>
              ) : (
                <div className="help">{TEXT_LABELS[key].help}</div>
              )}
              <div className="help" id="bot-text-help">
                Formatting: <code>&lt;b&gt;bold&lt;/b&gt;</code>, <code>&lt;i&gt;italic&lt;/i&gt;</code>, <code>&lt;u&gt;</code>,{" "}
                <code>&lt;s&gt;</code>, <code>&lt;code&gt;</code>, <code>&lt;a href="https://…"&gt;link&lt;/a&gt;</code>. Write{" "}
                <code>&amp;lt;</code> and <code>&amp;amp;</code> for a &lt; or &amp; shown as it is.
              </div>
            </div>
            <div className="row">
              <button className="btn primary" disabled={!dirty || Boolean(problem) || save.isPending} onClick={() => save.mutate()} data-test="save-text">
                {save.isPending && <Spinner />} Save
              </button>
              <button className="btn" disabled={!current?.custom || reset.isPending} onClick={() => setAsking({ kind: "reset" })}>
                Use the built-in text
              </button>
            </div>
          </div>
          <div className="field">
            <span className="label">Preview</span>
            <Preview body={body} use={uses.data?.find((u) => u.key === key)} />
          </div>
        </div>
      )}
      {asking?.kind === "switch" && (
        <Confirm
          title="Discard changes?"
          text={`Your changes to the ${TEXT_LABELS[key].label.toLowerCase()} text are not saved yet.`}
          yes="Discard changes"
          onNo={() => setAsking(null)}
          onYes={() => {
            setBody(current?.body ?? "");
            setKey(asking.to);
            setAsking(null);
          }}
        />
      )}
      {asking?.kind === "reset" && (
        <Confirm
          title="Use the built-in text?"
          text={`Your ${TEXT_LABELS[key].label.toLowerCase()} text is replaced by the built-in one, and the bot answers with it at once.`}
          yes="Use the built-in text"
          onNo={() => setAsking(null)}
          onYes={() => {
            setAsking(null);
            reset.mutate();
          }}
        />
      )}
    </div>
  );
}
