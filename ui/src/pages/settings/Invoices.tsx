// Settings · invoices: how long an invoice sent in the chat can be paid. The core judges the value
// (1 to 1440 minutes) and says why when it refuses one.

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Check, Timer } from "lucide-react";
import { useEffect, useState } from "react";
import { errorMessage } from "../../api/invoke";
import { setInvoiceMinutes } from "../../api/invoices";
import { useToast } from "../../components/Toasts";
import { ErrorState, Field, Loading, Spinner } from "../../components/ui";
import { plural } from "../../lib/format";
import { INVOICES_KEY, useInvoiceMinutes } from "../../queries";

function MinutesField({ saved }: { saved: number }) {
  const qc = useQueryClient();
  const toast = useToast();
  const [minutes, setMinutes] = useState(String(saved));
  const [error, setError] = useState<string | null>(null);
  useEffect(() => setMinutes(String(saved)), [saved]);
  const save = useMutation({
    mutationFn: (n: number) => setInvoiceMinutes(n),
    onSuccess: (n) => {
      setError(null);
      setMinutes(String(n));
      qc.setQueryData([INVOICES_KEY, "valid-minutes"], n);
      toast.show("success", `Invoices stay valid for ${plural(n, "minute")}`, "Invoices already sent keep their time.");
    },
    onError: (e) => setError(errorMessage(e)),
  });
  const typed = minutes.trim();
  return (
    <Field
      label="Invoices stay valid for"
      error={error}
      hint={
        <>
          From 1 minute to 1440 (a day); 15 unless changed. Paying after that is refused; the invoice is replaced in the chat by an
          "expired" line with a fresh Buy button.
        </>
      }
    >
      {(p) => (
        <form
          className="row"
          onSubmit={(e) => {
            e.preventDefault();
            // A range is the core's to judge; a number at all is ours, or the command could not read it.
            if (!/^\d+$/.test(typed)) return setError("Type a whole number of minutes.");
            save.mutate(Number(typed));
          }}
        >
          <input
            {...p}
            className="input inline-number"
            inputMode="numeric"
            name="invoice-minutes"
            value={minutes}
            onChange={(e) => {
              setMinutes(e.target.value);
              setError(null);
            }}
            data-test="invoice-minutes"
          />
          <span>minutes</span>
          <button className="btn" type="submit" disabled={typed === String(saved) || save.isPending}>
            {save.isPending ? <Spinner /> : <Check size={15} />} Save
          </button>
        </form>
      )}
    </Field>
  );
}

export function InvoicesSection() {
  const q = useInvoiceMinutes();
  return (
    <div className="card" data-test="invoice-settings">
      <div className="card-head">
        <h2 className="row">
          <Timer size={16} /> Invoices
        </h2>
      </div>
      <div className="card-body form">
        {q.isLoading ? (
          <Loading />
        ) : q.isError ? (
          <ErrorState message={errorMessage(q.error)} onRetry={() => q.refetch()} />
        ) : (
          <MinutesField saved={q.data!} />
        )}
      </div>
    </div>
  );
}
