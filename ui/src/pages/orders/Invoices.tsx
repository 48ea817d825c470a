// Orders · Invoices: every invoice the bot sent in the chat, open until it is paid (then it has an
// order) or its time runs out (then its reminder, if one was planned), with how the last 7 days
// went.

import i18next from "i18next";
import { FileText, Search } from "lucide-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { Invoice } from "../../bindings/Invoice";
import type { InvoicePage } from "../../bindings/InvoicePage";
import type { InvoiceReminder } from "../../bindings/InvoiceReminder";
import type { InvoiceStatus } from "../../bindings/InvoiceStatus";
import { errorMessage } from "../../api/invoke";
import { EmptyState, ErrorState, Loading, Person, Segmented, Spinner, Stars } from "../../components/ui";
import { dateTime, dateTimeShort, num, shopDay, time } from "../../lib/format";
import { useInvoices } from "../../queries";

type Shown = InvoiceStatus | "all";

/** The filters, in their order; each one's label is `invoices.filter.<value>`. */
const FILTERS: Shown[] = ["all", "open", "paid", "expired"];

/** "until 14:05" today, with the day when it runs out on another one (an invoice lasts up to 24 hours). */
export function until(expiresAt: number, now: Date = new Date()): string {
  return shopDay(expiresAt) === shopDay(now.getTime() / 1000) ? time(expiresAt) : dateTimeShort(expiresAt, now);
}

/** "Last 7 days: 12 paid · 3 expired · 1 open · 80% of settled invoices paid". */
export function weekLine({ paid, expired, open }: Pick<InvoicePage, "paid" | "expired" | "open">): string {
  const parts = [
    i18next.t("orders:invoices.week.paid", { n: num(paid) }),
    i18next.t("orders:invoices.week.expired", { n: num(expired) }),
    i18next.t("orders:invoices.week.open", { n: num(open) }),
  ];
  // Open invoices can still go either way: the share is of those that ended.
  if (paid + expired > 0) {
    parts.push(i18next.t("orders:invoices.week.share", { percent: num(Math.round((paid * 100) / (paid + expired))) }));
  }
  return i18next.t("orders:invoices.week.line", { parts: parts.join(" · ") });
}

/** The reasons the core gives for a reminder not sent, by their key under `invoices.reminder`. */
const SKIPPED = {
  "not agreed": "notAgreed",
  stopped: "stopped",
  "bought since": "boughtSince",
  "not on sale": "notOnSale",
  "sold out": "soldOut",
} as const;

const skippedKey = (reason: string) => (Object.hasOwn(SKIPPED, reason) ? SKIPPED[reason as keyof typeof SKIPPED] : null);

/**
 * An expired invoice's reminder: "reminder at 16:05" (with the day when it is not today),
 * "reminded", or "not reminded: sold out".
 */
export function reminderLabel(reminder: InvoiceReminder, now: Date = new Date()): string {
  switch (reminder.state) {
    case "pending":
      return i18next.t("orders:invoices.reminder.at", { time: until(reminder.due_at, now) });
    case "sent":
      return i18next.t("orders:invoices.reminder.sent");
    case "skipped": {
      // A reason the window does not know (a newer core's) is shown as the core wrote it.
      const key = skippedKey(reminder.reason);
      const reason = key === null ? reminder.reason : i18next.t(`orders:invoices.reminder.reason.${key}`);
      return i18next.t("orders:invoices.reminder.skipped", { reason });
    }
  }
}

/** Why a reminder was not sent, in a sentence, for the reasons the core gives. */
function reminderTitle(reminder: InvoiceReminder): string {
  switch (reminder.state) {
    case "pending":
      return i18next.t("orders:invoices.reminder.due", { when: dateTime(reminder.due_at) });
    case "sent":
      return i18next.t("orders:invoices.reminder.wasSent");
    case "skipped": {
      const key = skippedKey(reminder.reason);
      return i18next.t(`orders:invoices.reminder.why.${key ?? "unknown"}`);
    }
  }
}

function InvoiceStatusCell({ invoice, onOrder }: { invoice: Invoice; onOrder: (id: number) => void }) {
  const { t } = useTranslation("orders");
  switch (invoice.status) {
    case "open":
      return (
        <span className="row" style={{ gap: 6 }} title={t("invoices.validUntil", { when: dateTime(invoice.expires_at) })}>
          <span className="badge blue">
            <span className="dot" />
            {t("invoices.open")}
          </span>
          <span className="muted small">{t("invoices.until", { time: until(invoice.expires_at) })}</span>
        </span>
      );
    case "paid":
      return (
        <span className="row" style={{ gap: 6 }}>
          <span className="badge green">
            <span className="dot" />
            {t("invoices.paid")}
          </span>
          {invoice.order_id !== null && (
            <button type="button" className="link-button small" onClick={() => onOrder(invoice.order_id!)}>
              {t("invoices.order", { id: invoice.order_id })}
            </button>
          )}
        </span>
      );
    case "expired":
      return (
        <span className="row" style={{ gap: 6 }}>
          <span className="badge" title={t("invoices.expiredTitle")}>
            <span className="dot" />
            {t("invoices.expired")}
          </span>
          {invoice.reminder !== null && (
            <span className="muted small" title={reminderTitle(invoice.reminder)} data-test="invoice-reminder">
              {reminderLabel(invoice.reminder)}
            </span>
          )}
        </span>
      );
  }
}

/** `onOrder` opens a paid invoice's order. */
export function InvoicesPanel({ onOrder }: { onOrder: (id: number) => void }) {
  const { t } = useTranslation("orders");
  const [shown, setShown] = useState<Shown>("all");
  const q = useInvoices(shown === "all" ? null : shown);
  const pages = q.data?.pages ?? [];
  const rows = pages.flatMap((p) => p.invoices);
  // Every page carries the week's counts; the first is the one read last after a change.
  const week = pages[0];
  return (
    <div>
      <div className="toolbar">
        <Segmented<Shown>
          label={t("invoices.filterLabel")}
          value={shown}
          onChange={setShown}
          options={FILTERS.map((value) => ({ value, label: t(`invoices.filter.${value}`) }))}
        />
        <span className="grow" />
        {week && (
          <span className="muted small" data-test="invoice-week">
            {weekLine(week)}
          </span>
        )}
      </div>
      {q.isLoading ? (
        <Loading />
      ) : q.isError ? (
        <ErrorState message={errorMessage(q.error)} onRetry={() => q.refetch()} />
      ) : rows.length === 0 ? (
        shown === "all" ? (
          <EmptyState icon={<FileText size={24} />} title={t("invoices.emptyTitle")}>
            {t("invoices.empty")}
          </EmptyState>
        ) : (
          <EmptyState icon={<Search size={24} />} title={t(`invoices.none.${shown}`)}>
            {t(`invoices.noneText.${shown}`)}
          </EmptyState>
        )
      ) : (
        <div className="card">
          <div className="report-table-wrap">
            <table className="report-table" data-test="invoices">
              <caption className="sr-only">{t("invoices.caption")}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("invoices.sent")}</th>
                  <th scope="col">{t("invoices.customer")}</th>
                  <th scope="col">{t("invoices.product")}</th>
                  <th scope="col" className="num">
                    {t("invoices.stars")}
                  </th>
                  <th scope="col">{t("invoices.status")}</th>
                  <th scope="col">{t("invoices.settled")}</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((i) => (
                  <tr key={i.id} data-status={i.status}>
                    <td className="tabular" title={dateTime(i.sent_at)}>
                      {dateTimeShort(i.sent_at)}
                    </td>
                    <td>
                      <Person id={i.customer_id} name={i.customer_name} username={null} />
                    </td>
                    <td>{i.product_title}</td>
                    <td className="num">
                      <Stars n={i.stars} />
                    </td>
                    <td>
                      <InvoiceStatusCell invoice={i} onOrder={onOrder} />
                    </td>
                    <td className="tabular">
                      {i.settled_at === null ? (
                        <span className="muted">—</span>
                      ) : (
                        <span title={dateTime(i.settled_at)}>{dateTimeShort(i.settled_at)}</span>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </div>
      )}
      {q.hasNextPage && (
        <div className="row" style={{ marginTop: 12 }}>
          <button className="btn" onClick={() => void q.fetchNextPage()} disabled={q.isFetchingNextPage} data-test="invoices-more">
            {q.isFetchingNextPage && <Spinner />} {t("invoices.loadMore")}
          </button>
        </div>
      )}
    </div>
  );
}
