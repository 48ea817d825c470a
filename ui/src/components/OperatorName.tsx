// The operator's name on this computer: the audit trail shows it as who did each action taken in
// this window. A section of Settings, kept here so that Settings only places it.

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { AlertTriangle, UserRound } from "lucide-react";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { operatorName, setOperatorName } from "../api/audit";
import { errorMessage } from "../api/invoke";
import { useToast } from "./Toasts";
import { Spinner } from "./ui";

const MAX = 64;

export function OperatorNameSection() {
  const { t } = useTranslation("audit");
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
      toast.show("success", t("operator.saved"), t("operator.savedBody", { name: kept }));
    },
    onError: (e) => toast.show("error", t("operator.notSaved"), errorMessage(e)),
  });
  const trimmed = name.trim();
  const problem = !trimmed ? t("operator.empty") : [...trimmed].length > MAX ? t("operator.tooLong", { count: MAX }) : null;
  const dirty = q.data !== undefined && trimmed !== q.data;

  return (
    <section className="card">
      <div className="card-body setting-line">
        <div className="row" style={{ minWidth: 0 }}>
          <UserRound size={18} />
          <div>
            <label htmlFor="operator-name" style={{ fontWeight: 600 }}>
              {t("operator.label")}
            </label>
            <div className="muted small">{t("operator.hint")}</div>
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
            {save.isPending && <Spinner />} {t("operator.save")}
          </button>
        </form>
      </div>
    </section>
  );
}
