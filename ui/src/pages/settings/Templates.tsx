// Settings · support templates: canned replies picked in a conversation, and the messages that go
// with a declined refund request.

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { MessageSquareText, Plus, Trash2 } from "lucide-react";
import i18next from "i18next";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import type { Template } from "../../bindings/Template";
import type { Templates } from "../../bindings/Templates";
import { errorMessage } from "../../api/invoke";
import { setTemplates } from "../../api/support";
import { useToast } from "../../components/Toasts";
import { ErrorState, Field, Loading, Spinner } from "../../components/ui";
import { num } from "../../lib/format";
import { useTemplates } from "../../queries";

// The Rust side's limits (`support::set_templates`).
const TITLE_MAX = 60;
const BODY_MAX = 1000;

type Kind = keyof Templates;

/** The lists in the order of their tabs (their words are `templates.kinds.<kind>`). */
const KINDS: Kind[] = ["canned", "decline"];

function problemsOf(t: Template): { title: string | null; body: string | null } {
  const title = [...t.title.trim()].length;
  const body = [...t.body.trim()].length;
  return {
    title:
      title === 0 ? i18next.t("settings:templates.giveTitle") : title > TITLE_MAX ? i18next.t("settings:templates.atMost", { count: TITLE_MAX }) : null,
    body: body === 0 ? i18next.t("settings:templates.writeText") : body > BODY_MAX ? i18next.t("settings:templates.atMost", { count: BODY_MAX }) : null,
  };
}

export function TemplatesSection() {
  const { t } = useTranslation("settings");
  const qc = useQueryClient();
  const toast = useToast();
  const q = useTemplates();
  const [kind, setKind] = useState<Kind>("canned");
  const [draft, setDraft] = useState<Templates | null>(null);
  const [shown, setShown] = useState(false);
  useEffect(() => {
    if (q.data) setDraft(q.data);
  }, [q.data]);

  const save = useMutation({
    mutationFn: (x: Templates) => setTemplates(x),
    onSuccess: (_, x) => {
      qc.setQueryData(["templates"], x);
      setShown(false);
      toast.show("success", t("templates.saved"), t("templates.savedBody"));
    },
    onError: (e) => toast.show("error", t("notSaved"), errorMessage(e)),
  });

  const list = draft?.[kind] ?? [];
  const edit = (i: number, patch: Partial<Template>) =>
    setDraft((d) => d && { ...d, [kind]: d[kind].map((x, j) => (j === i ? { ...x, ...patch } : x)) });
  const remove = (i: number) => setDraft((d) => d && { ...d, [kind]: d[kind].filter((_, j) => j !== i) });
  const add = () => setDraft((d) => d && { ...d, [kind]: [...d[kind], { title: "", body: "" }] });
  const dirty = draft !== null && JSON.stringify(draft) !== JSON.stringify(q.data);
  const invalid = (d: Templates) =>
    [...d.canned, ...d.decline].some((x) => {
      const p = problemsOf(x);
      return p.title !== null || p.body !== null;
    });
  const submit = () => {
    if (!draft) return;
    setShown(true);
    if (invalid(draft)) {
      // Show the list with the problem.
      const bad = KINDS.find((k) => draft[k].some((x) => Object.values(problemsOf(x)).some(Boolean)));
      if (bad) setKind(bad);
      return;
    }
    const trimmed = {
      canned: draft.canned.map((t) => ({ title: t.title.trim(), body: t.body.trim() })),
      decline: draft.decline.map((t) => ({ title: t.title.trim(), body: t.body.trim() })),
    };
    save.mutate(trimmed);
  };

  return (
    <div className="card" data-test="templates">
      <div className="card-head">
        <h2 className="row">
          <MessageSquareText size={16} /> {t("templates.title")}
        </h2>
      </div>
      <div className="tabs" role="tablist" aria-label={t("templates.tabsLabel")}>
        {KINDS.map((k) => (
          <button key={k} role="tab" aria-selected={k === kind} onClick={() => setKind(k)}>
            {t(`templates.kinds.${k}.label`)}
            {draft && <span className="badge">{draft[k].length}</span>}
          </button>
        ))}
      </div>
      {q.isLoading || (q.data && !draft) ? (
        <Loading />
      ) : q.isError ? (
        <ErrorState message={errorMessage(q.error)} onRetry={() => q.refetch()} />
      ) : (
        <div className="card-body form" role="tabpanel" aria-label={t(`templates.kinds.${kind}.label`)}>
          <div className="help">{t(`templates.kinds.${kind}.help`)}</div>
          {list.length === 0 && <div className="muted small">{t("templates.none")}</div>}
          {list.map((x, i) => {
            const p = shown ? problemsOf(x) : { title: null, body: null };
            const name = x.title.trim() || t(`templates.kinds.${kind}.item`, { n: i + 1 });
            return (
              <div className="template-item" key={`${kind}-${i}`}>
                <div className="row" style={{ alignItems: "flex-start" }}>
                  <div className="grow">
                    <Field label={t("templates.titleLabel")} error={p.title} counter={`${num([...x.title].length)}/${TITLE_MAX}`}>
                      {(f) => <input {...f} className="input" value={x.title} onChange={(e) => edit(i, { title: e.target.value })} />}
                    </Field>
                  </div>
                  <button
                    className="btn ghost icon-only"
                    aria-label={t("templates.remove", { name })}
                    title={t("templates.removeTitle")}
                    onClick={() => remove(i)}
                    style={{ marginTop: 24 }}
                  >
                    <Trash2 size={15} />
                  </button>
                </div>
                <Field label={t("templates.textLabel")} error={p.body} counter={`${num([...x.body].length)}/${num(BODY_MAX)}`}>
                  {(f) => <textarea {...f} className="textarea" rows={3} value={x.body} onChange={(e) => edit(i, { body: e.target.value })} />}
                </Field>
              </div>
            );
          })}
          <div className="row">
            <button className="btn" onClick={add}>
              <Plus size={15} /> {t(`templates.kinds.${kind}.add`)}
            </button>
            <span className="grow" />
            {dirty && (
              <button className="btn" onClick={() => q.data && setDraft(q.data)} disabled={save.isPending}>
                {t("undoChanges")}
              </button>
            )}
            <button className="btn primary" onClick={submit} disabled={!dirty || save.isPending} data-test="save-templates">
              {save.isPending && <Spinner />} {t("templates.save")}
            </button>
          </div>
        </div>
      )}
    </div>
  );
}
