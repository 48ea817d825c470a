// Settings · what the bot says: the welcome, /terms (and the refund policy sent with it),
// /paysupport and /help texts, each in English, German and Russian (a customer reads the one of
// their Telegram language, English otherwise), with the formatting Telegram shows (a safe part of
// its HTML) and a preview of the message as the bot sends it, buttons included. A language without
// a text of the merchant's own says the merchant's English text, else its built-in one.

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { AlertTriangle } from "lucide-react";
import { type ReactNode, useEffect, useMemo, useState } from "react";
import { Trans, useTranslation } from "react-i18next";
import type { Lang } from "../../bindings/Lang";
import type { TextUse } from "../../bindings/TextUse";
import { errorMessage } from "../../api/invoke";
import { botTexts, botTextUses, resetBotText, setBotText } from "../../api/settings";
import { chatText } from "../../components/ChatText";
import { StarText } from "../../components/StarText";
import { useToast } from "../../components/Toasts";
import { ErrorState, Loading, Modal, Spinner } from "../../components/ui";
import { LANGUAGE_NAMES, LANGUAGES } from "../../i18n";
import { num } from "../../lib/format";
import { LEGAL_KEY } from "../../queries";
import { parseTelegramHtml } from "./telegramHtml";

/** The texts the merchant edits, in the order of their tabs. */
const TEXT_KEYS = ["welcome", "terms", "refunds", "paysupport", "help"] as const;
type TextKey = (typeof TEXT_KEYS)[number];

/** The shop keeps at most this many characters, tags included (`settings::MAX_TEXT`). */
const MAX = 3000;

/** A bot text's HTML drawn as Telegram draws it; a text that does not parse is shown as typed. */
export function TelegramText({ html }: { html: string }): ReactNode {
  const parsed = parseTelegramHtml(html);
  return parsed.ok ? chatText(parsed.text, parsed.entities, { decorate: (t) => <StarText text={t} /> }) : html;
}

/** A tag as the formatting help shows it: `<b>` and, around what is between, `</b>`. */
function Tag({ open, close, children }: { open: string; close?: string; children?: ReactNode }) {
  return (
    <code>
      {open}
      {children}
      {close}
    </code>
  );
}

/** The tags the formatting help names, for `<Trans>` (the words inside them are translated). */
export const TAGS = {
  bold: <Tag open="<b>" close="</b>" />,
  italic: <Tag open="<i>" close="</i>" />,
  u: <Tag open="<u>" />,
  s: <Tag open="<s>" />,
  code: <Tag open="<code>" />,
  anchor: <Tag open={'<a href="https://…">'} close="</a>" />,
  lt: <Tag open={"&lt;"} />,
  amp: <Tag open={"&amp;"} />,
};

/**
 * English · Deutsch · Русский, each named in itself: the language a bot text is edited (or the
 * /terms preview shown) in. `dirty` marks the chosen one as holding unsaved changes.
 */
export function LangSwitch({
  value,
  onChange,
  label,
  test,
  dirty = false,
}: {
  value: Lang;
  onChange: (lang: Lang) => void;
  label: string;
  test: string;
  dirty?: boolean;
}) {
  return (
    <div className="segmented" role="group" aria-label={label} data-test={test}>
      {LANGUAGES.map((l) => (
        <button type="button" key={l} data-lang={l} lang={l} aria-pressed={l === value} onClick={() => onChange(l)}>
          {LANGUAGE_NAMES[l]}
          {l === value && dirty && <span className="muted"> •</span>}
        </button>
      ))}
    </div>
  );
}

/** The message as the customer gets it: the text, what the bot adds to it, and its buttons. */
function Preview({ body, use }: { body: string; use: TextUse | undefined }) {
  const { t } = useTranslation("settings");
  return (
    <div className="preview-chat" aria-label={t("preview")} data-test="text-preview">
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
        <div className="bubble-buttons" aria-label={t("buttonsLabel")}>
          {use.buttons.map((b, i) => (
            <div className="brow" key={i}>
              <button type="button" tabIndex={-1} title={t("buttonsTitle")}>
                <StarText text={b} />
              </button>
            </div>
          ))}
        </div>
      )}
    </div>
  );
}

/** Asks before something is thrown away: Keep editing, or `yes`. */
export function Confirm({ title, text, yes, onYes, onNo }: { title: string; text: string; yes: string; onYes: () => void; onNo: () => void }) {
  const { t } = useTranslation("settings");
  return (
    <Modal
      title={title}
      onClose={onNo}
      footer={
        <>
          <button className="btn" onClick={onNo} autoFocus>
            {t("texts.keepEditing")}
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

/** What a text and a language go back to: the merchant's English text, or the built-in one. */
type ResetTo = "english" | "builtIn";

export function TextsSection() {
  const { t, i18n } = useTranslation("settings");
  const qc = useQueryClient();
  const toast = useToast();
  const texts = useQuery({ queryKey: ["texts"], queryFn: botTexts });
  const [lang, setLang] = useState<Lang>("en");
  // What goes with each text (buttons from the catalog); the preview does without it if it fails.
  const uses = useQuery({ queryKey: ["texts", "uses", lang], queryFn: () => botTextUses(lang), retry: false });
  const [key, setKey] = useState<TextKey>("welcome");
  const current = texts.data?.find((x) => x.key === key && x.lang === lang);
  const english = texts.data?.find((x) => x.key === key && x.lang === "en");
  const [body, setBody] = useState("");
  const [saveError, setSaveError] = useState<string | null>(null);
  const [asking, setAsking] = useState<{ kind: "switch"; key: TextKey; lang: Lang } | { kind: "reset"; to: ResetTo } | null>(null);
  useEffect(() => {
    setBody(current?.body ?? "");
    setSaveError(null);
  }, [current?.body, key, lang]);
  const dirty = current !== undefined && body !== current.body;
  // German and Russian go back to the merchant's English text when there is one.
  const resetTo: ResetTo = lang !== "en" && english?.custom ? "english" : "builtIn";
  const label = (k: TextKey) => t(`texts.items.${k}.label`);
  // The refund policy's name does not say where it goes out: a note says it.
  const noteOf = (k: TextKey) => (k === "refunds" ? t("texts.items.refunds.note") : null);
  const name = t(`texts.items.${key}.name`);
  const save = useMutation({
    mutationFn: (v: { key: TextKey; lang: Lang; body: string }) => setBotText(v.key, v.lang, v.body),
    onSuccess: (_, v) => {
      void qc.invalidateQueries({ queryKey: ["texts"] });
      // The terms and the refund policy are in /terms, and a change of either is a new version.
      void qc.invalidateQueries({ queryKey: LEGAL_KEY });
      toast.show("success", t("texts.saved", { label: label(v.key) }), t(`texts.savedBody.${v.lang}`));
    },
    onError: (e) => setSaveError(errorMessage(e)),
  });
  const reset = useMutation({
    mutationFn: (v: { key: TextKey; lang: Lang; to: ResetTo }) => resetBotText(v.key, v.lang),
    onSuccess: (_, v) => {
      void qc.invalidateQueries({ queryKey: ["texts"] });
      void qc.invalidateQueries({ queryKey: LEGAL_KEY });
      toast.show("success", v.to === "english" ? t("texts.backToEnglish") : t("texts.backToBuiltIn"));
    },
    onError: (e) => toast.show("error", t("texts.notReset"), errorMessage(e)),
  });
  // The problems are said in the window's language: read again when it changes.
  const parsed = useMemo(() => parseTelegramHtml(body.trim()), [body, i18n.language]);
  const length = [...body.trim()].length;
  const problem = !body.trim()
    ? t("texts.empty")
    : length > MAX
      ? t("texts.tooLong", { max: num(MAX) })
      : !parsed.ok
        ? parsed.error
        : !parsed.text.trim()
          ? t("texts.nothingToRead")
          : saveError;
  const switchTo = (to: { key?: TextKey; lang?: Lang }) => {
    const next = { key: to.key ?? key, lang: to.lang ?? lang };
    if (next.key === key && next.lang === lang) return;
    if (dirty) setAsking({ kind: "switch", ...next });
    else {
      setKey(next.key);
      setLang(next.lang);
    }
  };

  return (
    <div className="card" data-test="bot-texts">
      <div className="card-head">
        <h2>{t("texts.title")}</h2>
        <div className="row">
          <LangSwitch value={lang} onChange={(l) => switchTo({ lang: l })} label={t("texts.langLabel")} test="bot-text-lang" dirty={dirty} />
          {current &&
            (current.custom ? (
              <span className="badge accent">{t("texts.badge.custom")}</span>
            ) : current.from_english ? (
              <span className="badge">{t("texts.badge.fromEnglish")}</span>
            ) : (
              <span className="badge">{t("texts.badge.builtIn")}</span>
            ))}
        </div>
      </div>
      <div className="tabs" role="tablist" aria-label={t("texts.tabsLabel")}>
        {TEXT_KEYS.map((k) => (
          <button key={k} role="tab" aria-selected={k === key} onClick={() => switchTo({ key: k })}>
            {label(k)}
            {noteOf(k) && <span className="muted"> ({noteOf(k)})</span>}
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
                  {label(key)}
                  {noteOf(key) && <span className="muted"> ({noteOf(key)})</span>}
                </span>
                <span className="muted small tabular">
                  {num(length)}/{num(MAX)}
                </span>
              </label>
              <textarea
                id="bot-text"
                className="textarea"
                rows={9}
                lang={lang}
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
                <div className="help">{t(`texts.items.${key}.help`)}</div>
              )}
              {lang !== "en" && current?.from_english && (
                <div className="help" data-test="from-english">
                  {t(`texts.fromEnglish.${lang}`)}
                </div>
              )}
              <div className="help" id="bot-text-help">
                <Trans t={t} i18nKey="texts.formatting" components={TAGS} />
              </div>
            </div>
            <div className="row">
              <button
                className="btn primary"
                disabled={!dirty || Boolean(problem) || save.isPending}
                onClick={() => save.mutate({ key, lang, body })}
                data-test="save-text"
              >
                {save.isPending && <Spinner />} {t("actions.save", { ns: "common" })}
              </button>
              <button className="btn" disabled={!current?.custom || reset.isPending} onClick={() => setAsking({ kind: "reset", to: resetTo })}>
                {resetTo === "english" ? t("texts.useEnglish") : t("texts.useBuiltIn")}
              </button>
            </div>
          </div>
          <div className="field">
            <span className="label">{t("preview")}</span>
            <Preview body={body} use={uses.data?.find((u) => u.key === key)} />
          </div>
        </div>
      )}
      {asking?.kind === "switch" && (
        <Confirm
          title={t("texts.discardTitle")}
          text={t(`texts.discard.${lang}`, { name })}
          yes={t("texts.discardYes")}
          onNo={() => setAsking(null)}
          onYes={() => {
            setBody(current?.body ?? "");
            setKey(asking.key);
            setLang(asking.lang);
            setAsking(null);
          }}
        />
      )}
      {asking?.kind === "reset" && (
        <Confirm
          title={asking.to === "english" ? t("texts.resetEnglish.title") : t("texts.resetBuiltIn.title")}
          text={
            asking.to === "english" && lang !== "en" ? t(`texts.resetEnglish.${lang}`, { name }) : t(`texts.resetBuiltIn.${lang}`, { name })
          }
          yes={asking.to === "english" ? t("texts.useEnglish") : t("texts.useBuiltIn")}
          onNo={() => setAsking(null)}
          onYes={() => {
            setAsking(null);
            reset.mutate({ key, lang, to: asking.to });
          }}
        />
      )}
    </div>
  );
}
