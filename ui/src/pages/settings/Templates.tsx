// Settings · support templates: canned replies picked in a conversation, and the messages that go
// with a declined refund request.

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { MessageSquareText, Plus, Trash2 } from "lucide-react";
import { useEffect, useState } from "react";
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

const KINDS: Record<Kind, { label: string; add: string; help: string }> = {
  canned: {
    label: "Canned replies",
    add: "Add a reply",
    help: "Offered in the reply box of a conversation; picking one puts its text where the cursor is.",
  },
  decline: {
    label: "Decline messages",
    add: "Add a message",
    help: "Offered when declining a refund request; the customer reads the message in the chat.",
  },
};

function problemsOf(t: Template): { title: string | null; body: string | null } {
  const title = [...t.title.trim()].length;
  const body = [...t.body.trim()].length;
  return {
    title: title === 0 ? "Give it a title." : title > TITLE_MAX ? `At most ${num(TITLE_MAX)} characters.` : null,
    body: body === 0 ? "Write the text." : body > BODY_MAX ? `At most ${num(BODY_MAX)} characters.` : null,
  };
}

export function TemplatesSection() {
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
    mutationFn: (t: Templates) => setTemplates(t),
    onSuccess: (_, t) => {
      qc.setQueryData(["templates"], t);
      setShown(false);
      toast.show("success", "Templates saved", "Support sees them from now on.");
    },
    onError: (e) => toast.show("error", "Not saved", errorMessage(e)),
  });

  const list = draft?.[kind] ?? [];
  const edit = (i: number, t: Partial<Template>) =>
    setDraft((d) => d && { ...d, [kind]: d[kind].map((x, j) => (j === i ? { ...x, ...t } : x)) });
  const remove = (i: number) => setDraft((d) => d && { ...d, [kind]: d[kind].filter((_, j) => j !== i) });
  const add = () => setDraft((d) => d && { ...d, [kind]: [...d[kind], { title: "", body: "" }] });
  const dirty = draft !== null && JSON.stringify(draft) !== JSON.stringify(q.data);
  const invalid = (d: Templates) =>
    [...d.canned, ...d.decline].some((t) => {
      const p = problemsOf(t);
      return p.title !== null || p.body !== null;
    });
  const submit = () => {
    if (!draft) return;
    setShown(true);
    if (invalid(draft)) {
      // Show the list with the problem.
      const bad = (Object.keys(KINDS) as Kind[]).find((k) => draft[k].some((t) => Object.values(problemsOf(t)).some(Boolean)));
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
          <MessageSquareText size={16} /> Support templates
        </h2>
      </div>
      <div className="tabs" role="tablist" aria-label="Templates">
        {(Object.keys(KINDS) as Kind[]).map((k) => (
          <button key={k} role="tab" aria-selected={k === kind} onClick={() => setKind(k)}>
            {KINDS[k].label}
            {draft && <span className="badge">{draft[k].length}</span>}
          </button>
        ))}
      </div>
      {q.isLoading || (q.data && !draft) ? (
        <Loading />
      ) : q.isError ? (
        <ErrorState message={errorMessage(q.error)} onRetry={() => q.refetch()} />
      ) : (
        <div className="card-body form" role="tabpanel" aria-label={KINDS[kind].label}>
          <div className="help">{KINDS[kind].help}</div>
          {list.length === 0 && <div className="muted small">None yet.</div>}
          {list.map((t, i) => {
            const p = shown ? problemsOf(t) : { title: null, body: null };
            const name = t.title.trim() || `${kind === "canned" ? "reply" : "message"} ${i + 1}`;
            return (
              <div className="template-item" key={`${kind}-${i}`}>
                <div className="row" style={{ alignItems: "flex-start" }}>
                  <div className="grow">
                    <Field label="Title" error={p.title} counter={`${num([...t.title].length)}/${TITLE_MAX}`}>
                      {(f) => <input {...f} className="input" value={t.title} onChange={(e) => edit(i, { title: e.target.value })} />}
                    </Field>
                  </div>
                  <button className="btn ghost icon-only" aria-label={`Remove ${name}`} title="Remove" onClick={() => remove(i)} style={{ marginTop: 24 }}>
                    <Trash2 size={15} />
                  </button>
                </div>
                <Field label="Text" error={p.body} counter={`${num([...t.body].length)}/${num(BODY_MAX)}`}>
                  {(f) => <textarea {...f} className="textarea" rows={3} value={t.body} onChange={(e) => edit(i, { body: e.target.value })} />}
                </Field>
              </div>
            );
          })}
          <div className="row">
            <button className="btn" onClick={add}>
              <Plus size={15} /> {KINDS[kind].add}
            </button>
            <span className="grow" />
            {dirty && (
              <button className="btn" onClick={() => q.data && setDraft(q.data)} disabled={save.isPending}>
                Undo changes
              </button>
            )}
            <button className="btn primary" onClick={submit} disabled={!dirty || save.isPending} data-test="save-templates">
              {save.isPending && <Spinner />} Save templates
            </button>
          </div>
        </div>
      )}
    </div>
  );
}
