// Settings · terms and seller: who sells (name, contact, address or registration), sent with the
// terms and the refund policy in /terms; whether customers accept the terms before their first
// purchase; the terms' version and how many customers accepted it; the /terms message as the bot
// sends it, in English, German or Russian. The core judges the details (at most 300 characters each, a name before acceptance)
// and says why when it refuses them.

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { FileText } from "lucide-react";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import type { Lang } from "../../bindings/Lang";
import type { Legal } from "../../bindings/Legal";
import type { LegalDraft } from "../../bindings/LegalDraft";
import { errorMessage } from "../../api/invoke";
import { legal, setLegal, termsPreview } from "../../api/legal";
import { useToast } from "../../components/Toasts";
import { Field } from "../../components/ui";
import { num } from "../../lib/format";
import { LEGAL_KEY } from "../../queries";
import { LangSwitch, TelegramText } from "./BotTexts";
import { FormError, Loaded, SaveRow, SettingsCard, SwitchLine } from "./common";

/** Under LEGAL_KEY, so a bot text's change refreshes it with the version. */
const PREVIEW_KEY = [...LEGAL_KEY, "preview"];

/** The core keeps at most this many characters of each detail (`legal::MAX_DETAIL`). */
const MAX_DETAIL = 300;

type Detail = "seller_name" | "seller_contact" | "seller_address";

/** The details in the order of their fields (their words are `legal.details.<key>`). */
const DETAILS: Detail[] = ["seller_name", "seller_contact", "seller_address"];

const draftOf = (l: Legal): LegalDraft => ({
  seller_name: l.seller_name,
  seller_contact: l.seller_contact,
  seller_address: l.seller_address,
  require_acceptance: l.require_acceptance,
});

const same = (a: LegalDraft, b: LegalDraft) =>
  a.seller_name === b.seller_name &&
  a.seller_contact === b.seller_contact &&
  a.seller_address === b.seller_address &&
  a.require_acceptance === b.require_acceptance;

function LegalForm({ saved }: { saved: Legal }) {
  const { t } = useTranslation("settings");
  const qc = useQueryClient();
  const toast = useToast();
  const [draft, setDraft] = useState<LegalDraft>(() => draftOf(saved));
  const [error, setError] = useState<string | null>(null);
  // A new version (a bot text saved meanwhile) keeps what is being typed; saved details replace it.
  // eslint-disable-next-line react-hooks/exhaustive-deps
  useEffect(() => setDraft(draftOf(saved)), [saved.seller_name, saved.seller_contact, saved.seller_address, saved.require_acceptance]);
  const set = (patch: Partial<LegalDraft>) => {
    setDraft((d) => ({ ...d, ...patch }));
    setError(null);
  };
  const save = useMutation({
    mutationFn: (d: LegalDraft) => setLegal(d),
    onSuccess: (l) => {
      setError(null);
      qc.setQueryData(LEGAL_KEY, l);
      void qc.invalidateQueries({ queryKey: PREVIEW_KEY });
      toast.show("success", t("legal.saved"), l.require_acceptance ? t("legal.savedAcceptance") : t("legal.savedDetails"));
    },
    onError: (e) => setError(errorMessage(e)),
  });
  const dirty = !same(draft, draftOf(saved));

  return (
    <form
      className="form"
      onSubmit={(e) => {
        e.preventDefault();
        if (dirty) save.mutate(draft);
      }}
    >
      {DETAILS.map((d) => (
        <Field
          key={d}
          label={t(`legal.details.${d}.label`)}
          hint={t(`legal.details.${d}.hint`)}
          counter={`${num([...draft[d]].length)}/${num(MAX_DETAIL)}`}
        >
          {(p) => (
            <input
              {...p}
              className="input"
              name={d}
              autoComplete="off"
              placeholder={t(`legal.details.${d}.placeholder`)}
              value={draft[d]}
              onChange={(e) => set({ [d]: e.target.value })}
            />
          )}
        </Field>
      ))}
      <SwitchLine
        title={t("legal.acceptance")}
        help={t("legal.acceptanceHelp")}
        checked={draft.require_acceptance}
        disabled={save.isPending}
        onChange={(on) => set({ require_acceptance: on })}
        label={t("legal.acceptance")}
      />
      <div className="muted small" data-test="terms-version">
        <div style={{ fontWeight: 600, color: "var(--text)" }}>
          {t("legal.version", { version: num(saved.version), count: saved.accepted })}
        </div>
        {t("legal.versionNote")}
      </div>
      <FormError error={error} />
      <SaveRow test="save-legal" ready={dirty} dirty={dirty} pending={save.isPending} onUndo={() => set(draftOf(saved))} />
    </form>
  );
}

/**
 * The /terms message as the bot sends it now (what is saved, not what is being typed) to a
 * customer who speaks the language chosen above it.
 */
function TermsPreview() {
  const { t } = useTranslation("settings");
  const [lang, setLang] = useState<Lang>("en");
  const q = useQuery({ queryKey: [...PREVIEW_KEY, lang], queryFn: () => termsPreview(lang) });
  return (
    <div className="field">
      <div className="label" style={{ alignItems: "center" }}>
        <span>{t("legal.previewTitle")}</span>
        <LangSwitch value={lang} onChange={setLang} label={t("legal.previewLang")} test="terms-lang" />
      </div>
      <Loaded query={q}>
        {(html) => (
          <div className="preview-chat" aria-label={t("legal.previewLabel")} data-test="terms-preview" lang={lang}>
            <div className="bubble me">/terms</div>
            <div className="bubble">
              <TelegramText html={html ?? ""} />
            </div>
          </div>
        )}
      </Loaded>
      <div className="help">{t("legal.previewHelp")}</div>
    </div>
  );
}

export function LegalSection() {
  const { t } = useTranslation("settings");
  const q = useQuery({ queryKey: LEGAL_KEY, queryFn: legal });
  return (
    <SettingsCard test="legal-settings" icon={<FileText size={16} />} title={t("legal.title")}>
      <Loaded query={q}>
        {(l) => (
          <div className="card-body split">
            <LegalForm saved={l} />
            <TermsPreview />
          </div>
        )}
      </Loaded>
    </SettingsCard>
  );
}
