// Settings · terms and seller: who sells (name, contact, address or registration), sent with the
// terms and the refund policy in /terms; whether customers accept the terms before their first
// purchase; the terms' version and how many customers accepted it; the /terms message as the bot
// sends it. The core judges the details (at most 300 characters each, a name before acceptance)
// and says why when it refuses them.

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { FileText } from "lucide-react";
import { useEffect, useState } from "react";
import type { Legal } from "../../bindings/Legal";
import type { LegalDraft } from "../../bindings/LegalDraft";
import { errorMessage } from "../../api/invoke";
import { legal, setLegal, termsPreview } from "../../api/legal";
import { useToast } from "../../components/Toasts";
import { Field } from "../../components/ui";
import { num, plural } from "../../lib/format";
import { LEGAL_KEY } from "../../queries";
import { TelegramText } from "./BotTexts";
import { FormError, Loaded, SaveRow, SettingsCard, SwitchLine } from "./common";

/** Under LEGAL_KEY, so a bot text's change refreshes it with the version. */
const PREVIEW_KEY = [...LEGAL_KEY, "preview"];

/** The core keeps at most this many characters of each detail (`legal::MAX_DETAIL`). */
const MAX_DETAIL = 300;

type Detail = "seller_name" | "seller_contact" | "seller_address";

const DETAILS: { key: Detail; label: string; hint: string; placeholder: string }[] = [
  {
    key: "seller_name",
    label: "Seller's name",
    hint: "You or your company, as customers should know you.",
    placeholder: "Jane Doe or Doe Digital Ltd",
  },
  { key: "seller_contact", label: "Contact", hint: "An e-mail, a @username or a phone number.", placeholder: "hello@example.com" },
  {
    key: "seller_address",
    label: "Address or registration",
    hint: "An address or a registration number, as the law where you sell asks.",
    placeholder: "12 High Street, London · Company no. 01234567",
  },
];

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
      toast.show(
        "success",
        "Terms and seller saved",
        l.require_acceptance ? "Customers accept the terms before their first purchase." : "/terms sends the seller's details from now on.",
      );
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
        <Field key={d.key} label={d.label} hint={d.hint} counter={`${num([...draft[d.key]].length)}/${num(MAX_DETAIL)}`}>
          {(p) => (
            <input
              {...p}
              className="input"
              name={d.key}
              autoComplete="off"
              placeholder={d.placeholder}
              value={draft[d.key]}
              onChange={(e) => set({ [d.key]: e.target.value })}
            />
          )}
        </Field>
      ))}
      <SwitchLine
        title="Customers accept the terms before their first purchase"
        help={
          <>
            Their first tap on Buy shows the terms with an "I accept the terms" button; the invoice follows the tap. Needs the seller's
            name.
          </>
        }
        checked={draft.require_acceptance}
        disabled={save.isPending}
        onChange={(on) => set({ require_acceptance: on })}
        label="Customers accept the terms before their first purchase"
      />
      <div className="muted small" data-test="terms-version">
        <div style={{ fontWeight: 600, color: "var(--text)" }}>
          Terms version {num(saved.version)} · accepted by {plural(saved.accepted, "customer")}
        </div>
        Changing the terms or the refund policy text (under What the bot says) makes a new version; with acceptance on, customers who
        accepted an earlier one are asked again before their next purchase.
      </div>
      <FormError error={error} />
      <SaveRow test="save-legal" ready={dirty} dirty={dirty} pending={save.isPending} onUndo={() => set(draftOf(saved))} />
    </form>
  );
}

/** The /terms message as the bot sends it now (what is saved, not what is being typed). */
function TermsPreview() {
  const q = useQuery({ queryKey: PREVIEW_KEY, queryFn: termsPreview });
  return (
    <div className="field">
      <span className="label">What /terms sends</span>
      <Loaded query={q}>
        {(html) => (
          <div className="preview-chat" aria-label="Preview of /terms" data-test="terms-preview">
            <div className="bubble me">/terms</div>
            <div className="bubble">
              <TelegramText html={html ?? ""} />
            </div>
          </div>
        )}
      </Loaded>
      <div className="help">The terms and the refund policy come from What the bot says; the preview shows what is saved.</div>
    </div>
  );
}

export function LegalSection() {
  const q = useQuery({ queryKey: LEGAL_KEY, queryFn: legal });
  return (
    <SettingsCard test="legal-settings" icon={<FileText size={16} />} title="Terms and seller">
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
