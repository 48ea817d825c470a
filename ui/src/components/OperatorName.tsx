// The operator's name on this computer: the audit trail shows it as who did each action taken in
// this window. A section of Settings, kept here so that Settings only places it.

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { AlertTriangle, UserRound } from "lucide-react";
import { useEffect, useState } from "react";
import { operatorName, setOperatorName } from "../api/audit";
import { errorMessage } from "../api/invoke";
import { useToast } from "./Toasts";
import { Spinner } from "./ui";

const MAX = 64;

export function OperatorNameSection() {
  const qc = useQueryClient();
  const toast = useToast();
  const q = useQuery({ queryKey: ["operator-name"], queryFn: operatorName });
  const [name, setName] = useState("");
  useEffect(() => setName(q.data ?? ""), [q.data]);
  const save = useMutation({
    mutationFn: () => setOperatorName(name),
    onSuccess: (kept) => {
      qc.setQueryData(["operator-name"], kept);
      setName(kept);
      void qc.invalidateQueries({ queryKey: ["audit-count"] });
      toast.show("success", "Name saved", `The audit trail shows your actions as ${kept}.`);
    },
    onError: (e) => toast.show("error", "Not saved", errorMessage(e)),
  });
  const trimmed = name.trim();
  const problem = !trimmed ? "Give a name." : [...trimmed].length > MAX ? `At most ${MAX} characters.` : null;
  const dirty = q.data !== undefined && trimmed !== q.data;

  return (
    <section className="card">
      <div className="card-body setting-line">
        <div className="row" style={{ minWidth: 0 }}>
          <UserRound size={18} />
          <div>
            <label htmlFor="operator-name" style={{ fontWeight: 600 }}>
              Operator name
            </label>
            <div className="muted small">Shown in the audit trail as who did it.</div>
            {problem && dirty && (
              <div className="error small" role="alert">
                <AlertTriangle size={13} /> {problem}
              </div>
            )}
          </div>
        </div>
        <form
          className="row"
          onSubmit={(e) => {
            e.preventDefault();
            if (dirty && !problem) save.mutate();
          }}
        >
          <input
            id="operator-name"
            name="operator-name"
            className="input"
            autoComplete="off"
            maxLength={MAX + 10}
            value={name}
            disabled={q.isLoading}
            aria-invalid={Boolean(problem && dirty)}
            onChange={(e) => setName(e.target.value)}
          />
          <button type="submit" className="btn primary" disabled={!dirty || Boolean(problem) || save.isPending}>
            {save.isPending && <Spinner />} Save name
          </button>
        </form>
      </div>
    </section>
  );
}
