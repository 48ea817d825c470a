// Settings · tips ("Support us" in the chat): on or off, the amounts offered as buttons, and the
// thank-you text the customer reads once a tip is paid, with a preview of both as the chat shows
// them. The core judges the amounts (1 to 6 of them, each 1 to 10,000 Stars; it sorts them and
// drops repeats) and the text (checked as the bot texts are), and says why when it refuses them.
// On or off and the amounts are the same for every language; the thank-you is kept in English,
// German and Russian, as the bot texts are: a language without its own says the merchant's English
// text, else the built-in one in that language.

import { type QueryKey, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import i18next from "i18next";
import { AlertTriangle, Heart } from "lucide-react";
import { useEffect, useMemo, useState } from "react";
import { Trans, useTranslation } from "react-i18next";
import type { Lang } from "../../bindings/Lang";
import type { TipSettings } from "../../bindings/TipSettings";
import { errorMessage } from "../../api/invoke";
import { setTipSettings, tipSettings } from "../../api/tips";
import { StarText } from "../../components/StarText";
import { useToast } from "../../components/Toasts";
import { Field } from "../../components/ui";
import { num } from "../../lib/format";
import { Confirm, LangSwitch, TAGS, TelegramText } from "./BotTexts";
import { FormError, Loaded, SaveRow, SettingsCard, SwitchLine, wholeNumber } from "./common";
import { parseTelegramHtml } from "./telegramHtml";

export const TIPS_KEY = ["tips"];
/** The tip settings with the thank-you of a language. */
export const tipsKey = (lang: Lang): QueryKey => [...TIPS_KEY, lang];

/** The shop keeps at most this many characters of a text, tags included (`settings::MAX_TEXT`). */
const MAX = 3000;

// What /tip answers (`tip-menu` in crates/core/locales), its last button (`tip-other`) and the
// answer with tips off (`tips-off`) are `tips.menu`, `tips.other` and `tips.offInChat`: the preview
// shows the chat of a customer who speaks the language whose thank-you is edited.

interface Draft {
  enabled: boolean;
  /** The amounts as typed: "1, 3, 5, 10". */
  amounts: string;
  thanks: string;
}

const draftOf = (s: TipSettings): Draft => ({ enabled: s.enabled, amounts: s.presets.join(", "), thanks: s.thanks });

/**
 * The amounts typed, in the order typed; "bad" when one is not a whole number. How many and how
 * big is the core's to judge.
 */
export function amountsOf(typed: string): number[] | "bad" {
  const parts = typed
    .split(/[,;\s]+/)
    .map((p) => p.trim().replace(/⭐$/, ""))
    .filter((p) => p !== "");
  const amounts = parts.map(wholeNumber);
  return amounts.every((a) => a !== null) ? (amounts as number[]) : "bad";
}

/** What is wrong with the thank-you text before the core sees it, as the bot texts' editor says. */
function thanksProblem(body: string): string | null {
  const text = body.trim();
  if (!text) return i18next.t("settings:texts.empty");
  if ([...text].length > MAX) return i18next.t("settings:texts.tooLong", { max: num(MAX) });
  const parsed = parseTelegramHtml(text);
  if (!parsed.ok) return parsed.error;
  if (!parsed.text.trim()) return i18next.t("settings:texts.nothingToRead");
  return null;
}

const saidDone = (s: TipSettings) =>
  s.enabled
    ? i18next.t("settings:tips.saidOn", { amounts: s.presets.map((p) => `${num(p)} ⭐`).join(", ") })
    : i18next.t("settings:tips.saidOff");

/**
 * The chat as a customer in `lang` sees it: /tip, its amounts, and the thank-you once a tip is
 * paid. What the bot says is in `lang`; what the window adds, in the window's language.
 */
function TipsPreview({ enabled, amounts, thanks, lang }: { enabled: boolean; amounts: number[]; thanks: string; lang: Lang }) {
  const { t, i18n } = useTranslation("settings");
  const bot = i18n.getFixedT(lang, "settings");
  const rows: number[][] = [];
  for (let i = 0; i < amounts.length; i += 4) rows.push(amounts.slice(i, i + 4));
  return (
    <div className="preview-chat" aria-label={t("tips.previewLabel")} data-test="tips-preview">
      <div className="bubble me">/tip</div>
      {enabled ? (
        <>
          <div className="bubble" lang={lang}>
            <TelegramText html={bot("tips.menu")} />
          </div>
          <div className="bubble-buttons" aria-label={t("buttonsLabel")}>
            {rows.map((row, i) => (
              <div className="brow" key={i}>
                {row.map((a, j) => (
                  <button type="button" tabIndex={-1} key={j} title={t("buttonsTitle")}>
                    <StarText text={`${num(a)} ⭐`} />
                  </button>
                ))}
              </div>
            ))}
            <div className="brow">
              <button type="button" tabIndex={-1} title={t("buttonsTitle")} lang={lang}>
                {bot("tips.other")}
              </button>
            </div>
          </div>
          <div className="muted small" style={{ alignSelf: "center" }}>
            {t("tips.oncePaid")}
          </div>
          <div className="bubble" data-test="tips-thanks-preview" lang={lang}>
            {thanks.trim() ? <TelegramText html={thanks.trim()} /> : " "}
          </div>
        </>
      ) : (
        <div className="bubble" lang={lang}>
          {bot("tips.offInChat")}
        </div>
      )}
    </div>
  );
}

function TipsForm({
  saved,
  lang,
  switching,
  onLang,
}: {
  /** What is saved, with the thank-you of `saved.lang`. */
  saved: TipSettings;
  /** The language chosen; until its thank-you is read, `saved` is the one left. */
  lang: Lang;
  switching: boolean;
  onLang: (lang: Lang) => void;
}) {
  const { t, i18n } = useTranslation("settings");
  const qc = useQueryClient();
  const toast = useToast();
  const [draft, setDraft] = useState<Draft>(() => draftOf(saved));
  const [error, setError] = useState<string | null>(null);
  const [asking, setAsking] = useState<Lang | null>(null);
  // On or off and the amounts are the same in every language: what was typed stays when the
  // language changes. The thank-you is the language's own.
  useEffect(
    () => setDraft((d) => ({ ...d, enabled: saved.enabled, amounts: saved.presets.join(", ") })),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [saved.enabled, saved.presets.join(",")],
  );
  useEffect(() => {
    setDraft((d) => ({ ...d, thanks: saved.thanks }));
    setError(null);
  }, [saved.thanks, saved.lang]);
  // German and Russian without a thank-you of their own say the English one.
  const english = useQuery({ queryKey: tipsKey("en"), queryFn: () => tipSettings("en"), enabled: saved.lang !== "en", retry: false });
  const set = (patch: Partial<Draft>) => {
    setDraft((d) => ({ ...d, ...patch }));
    setError(null);
  };
  const save = useMutation({
    mutationFn: (s: TipSettings) => setTipSettings(s),
    onSuccess: (s) => {
      setError(null);
      qc.setQueryData(tipsKey(s.lang), s);
      // The other languages share on or off and the amounts, and may say the English thank-you.
      void qc.invalidateQueries({ queryKey: TIPS_KEY, predicate: (q) => q.queryKey[1] !== s.lang });
      setDraft(draftOf(s));
      toast.show("success", saidDone(s), s.enabled ? t("tips.savedOn") : t("tips.savedOff"));
    },
    onError: (e) => setError(errorMessage(e)),
  });
  const amounts = amountsOf(draft.amounts);
  const amountsProblem = amounts === "bad" ? t("tips.amountsBad") : null;
  // Said in the window's language: read again when it changes.
  const problem = useMemo(() => thanksProblem(draft.thanks), [draft.thanks, i18n.language]);
  const thanksDirty = draft.thanks !== saved.thanks;
  const dirty =
    draft.enabled !== saved.enabled || thanksDirty || amounts === "bad" || amounts.join(",") !== saved.presets.join(",");
  // What Save sends: the amounts as typed, in the order typed, and the text as typed, in its language.
  const typed: TipSettings | null =
    amounts === "bad" ? null : { enabled: draft.enabled, presets: amounts, thanks: draft.thanks, lang: saved.lang };
  const ready = dirty && typed !== null && problem === null && !switching;
  const fromEnglish = english.data !== undefined && saved.thanks === english.data.thanks;
  const switchTo = (to: Lang) => {
    if (to === lang) return;
    if (thanksDirty) setAsking(to);
    else onLang(to);
  };

  return (
    <div className="card-body split">
      <form
        className="form"
        onSubmit={(e) => {
          e.preventDefault();
          if (ready && typed) save.mutate(typed);
        }}
      >
        <SwitchLine
          title={t("tips.switchTitle")}
          help={t("tips.switchHelp")}
          helpTest="tips-explained"
          checked={draft.enabled}
          disabled={save.isPending}
          onChange={(on) => set({ enabled: on })}
          label={t("tips.switchLabel")}
        />
        <Field label={t("tips.amountsLabel")} error={amountsProblem} hint={t("tips.amountsHint")}>
          {(p) => (
            <input
              {...p}
              className="input"
              name="tip-amounts"
              inputMode="numeric"
              autoComplete="off"
              placeholder="1, 3, 5, 10"
              value={draft.amounts}
              onChange={(e) => set({ amounts: e.target.value })}
            />
          )}
        </Field>
        <div className="field">
          <div className="row">
            <LangSwitch value={lang} onChange={switchTo} label={t("tips.langLabel")} test="tip-thanks-lang" dirty={thanksDirty} />
          </div>
          <label htmlFor="tip-thanks" className="label">
            <span>{t("tips.thanksLabel")}</span>
            <span className="muted small tabular">
              {num([...draft.thanks.trim()].length)}/{num(MAX)}
            </span>
          </label>
          <textarea
            id="tip-thanks"
            name="tip-thanks"
            className="textarea"
            rows={4}
            lang={saved.lang}
            value={draft.thanks}
            readOnly={switching}
            aria-busy={switching}
            aria-invalid={Boolean(problem)}
            aria-describedby="tip-thanks-help"
            onChange={(e) => set({ thanks: e.target.value })}
          />
          {problem ? (
            <div className="error" role="alert" data-test="tips-thanks-problem">
              <AlertTriangle size={13} /> {problem}
            </div>
          ) : (
            <div className="help">{t("tips.thanksHelp")}</div>
          )}
          {fromEnglish && saved.lang !== "en" && (
            <div className="help" data-test="tip-thanks-from-english">
              {t(`texts.fromEnglish.${saved.lang}`)}
            </div>
          )}
          <div className="help" id="tip-thanks-help">
            <Trans t={t} i18nKey="tips.formatting" components={TAGS} />
          </div>
        </div>
        <FormError error={error} test="tips-error" />
        <SaveRow test="save-tips" ready={ready} dirty={dirty} pending={save.isPending} onUndo={() => set(draftOf(saved))} />
      </form>
      <div className="field">
        <span className="label">{t("preview")}</span>
        <TipsPreview
          enabled={draft.enabled}
          amounts={amounts === "bad" ? saved.presets : amounts}
          thanks={draft.thanks}
          lang={saved.lang}
        />
      </div>
      {asking && (
        <Confirm
          title={t("texts.discardTitle")}
          text={t(`tips.discard.${saved.lang}`)}
          yes={t("texts.discardYes")}
          onNo={() => setAsking(null)}
          onYes={() => {
            set({ thanks: saved.thanks });
            onLang(asking);
            setAsking(null);
          }}
        />
      )}
    </div>
  );
}

export function TipsSection() {
  const { t } = useTranslation("settings");
  const [lang, setLang] = useState<Lang>("en");
  // The language left stays on screen until the chosen one's thank-you is read.
  const q = useQuery({ queryKey: tipsKey(lang), queryFn: () => tipSettings(lang), placeholderData: (old) => old });
  return (
    <SettingsCard
      test="tips-settings"
      icon={<Heart size={16} />}
      title={t("tips.title")}
      badge={q.data && (q.data.enabled ? <span className="badge green">{t("on")}</span> : <span className="badge">{t("off")}</span>)}
    >
      <Loaded query={q}>{(s) => <TipsForm saved={s} lang={lang} switching={q.isPlaceholderData} onLang={setLang} />}</Loaded>
    </SettingsCard>
  );
}
