// Settings · invoices: how long an invoice sent in the chat can be paid. The core judges the value
// (1 to 1440 minutes) and says why when it refuses one.

import { useQueryClient } from "@tanstack/react-query";
import { Timer } from "lucide-react";
import { setInvoiceMinutes } from "../../api/invoices";
import { useToast } from "../../components/Toasts";
import { plural } from "../../lib/format";
import { INVOICES_KEY, useInvoiceMinutes } from "../../queries";
import { LineField, QueryCard, useLineSetting, wholeOr } from "./common";

function MinutesField({ saved }: { saved: number }) {
  const qc = useQueryClient();
  const toast = useToast();
  const minutes = useLineSetting({
    saved: String(saved),
    parse: wholeOr("Type a whole number of minutes."),
    send: (n: number) => setInvoiceMinutes(n),
    textOf: String,
    onSaved: (n) => {
      qc.setQueryData([INVOICES_KEY, "valid-minutes"], n);
      toast.show("success", `Invoices stay valid for ${plural(n, "minute")}`, "Invoices already sent keep their time.");
    },
  });
  return (
    <LineField
      setting={minutes}
      label="Invoices stay valid for"
      hint={
        <>
          From 1 minute to 1440 (a day); 15 unless changed. Paying after that is refused; the invoice is replaced in the chat by an
          "expired" line with a fresh Buy button.
        </>
      }
      name="invoice-minutes"
      unit="minutes"
    />
  );
}

export function InvoicesSection() {
  const q = useInvoiceMinutes();
  return (
    <QueryCard test="invoice-settings" icon={<Timer size={16} />} title="Invoices" query={q}>
      {(minutes) => <MinutesField saved={minutes} />}
    </QueryCard>
  );
}
