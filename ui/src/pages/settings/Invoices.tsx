// Settings · invoices: how long an invoice sent in the chat can be paid. The core judges the value
// (1 to 1440 minutes) and says why when it refuses one.

import { useQueryClient } from "@tanstack/react-query";
import { Timer } from "lucide-react";
import { useTranslation } from "react-i18next";
import { setInvoiceMinutes } from "../../api/invoices";
import { useToast } from "../../components/Toasts";
import { INVOICES_KEY, useInvoiceMinutes } from "../../queries";
import { LineField, QueryCard, useLineSetting, wholeOr } from "./common";

function MinutesField({ saved }: { saved: number }) {
  const { t } = useTranslation("settings");
  const qc = useQueryClient();
  const toast = useToast();
  const minutes = useLineSetting({
    saved: String(saved),
    parse: wholeOr(t("invoices.wholeMinutes")),
    send: (n: number) => setInvoiceMinutes(n),
    textOf: String,
    onSaved: (n) => {
      qc.setQueryData([INVOICES_KEY, "valid-minutes"], n);
      toast.show("success", t("invoices.saved", { count: n }), t("invoices.savedBody"));
    },
  });
  return (
    <LineField
      setting={minutes}
      label={t("invoices.label")}
      hint={t("invoices.hint")}
      name="invoice-minutes"
      unit={t("invoices.unit")}
    />
  );
}

export function InvoicesSection() {
  const { t } = useTranslation("settings");
  const q = useInvoiceMinutes();
  return (
    <QueryCard test="invoice-settings" icon={<Timer size={16} />} title={t("invoices.title")} query={q}>
      {(minutes) => <MinutesField saved={minutes} />}
    </QueryCard>
  );
}
