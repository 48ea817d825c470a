// Orders · Invoices: every invoice the bot sent in the chat, open until it is paid (then it has an
// order) or its time runs out (then its reminder, if one was planned), with how the last 7 days
// went.

import { FileText, Search } from "lucide-react";
import { useState } from "react";
import type { Invoice } from "../../bindings/Invoice";
import type { InvoicePage } from "../../bindings/InvoicePage";
import type { InvoiceReminder } from "../../bindings/InvoiceReminder";
import type { InvoiceStatus } from "../../bindings/InvoiceStatus";
import { errorMessage } from "../../api/invoke";
import { EmptyState, ErrorState, Loading, Person, Segmented, Spinner, Stars } from "../../components/ui";
import { dateTime, dateTimeShort, num, shopDay, time } from "../../lib/format";
import { useInvoices } from "../../queries";

type Shown = InvoiceStatus | "all";

const FILTERS: { value: Shown; label: string }[] = [
  { value: "all", label: "All" },
  { value: "open", label: "Open" },
  { value: "paid", label: "Paid" },
  { value: "expired", label: "Expired" },
];

/** "until 14:05" today, with the day when it runs out on another one (an invoice lasts up to 24 hours). */
export function until(expiresAt: number, now: Date = new Date()): string {
  return shopDay(expiresAt) === shopDay(now.getTime() / 1000) ? time(expiresAt) : dateTimeShort(expiresAt, now);
}

/** "Last 7 days: 12 paid · 3 expired · 1 open · 80% of settled invoices paid". */
export function weekLine({ paid, expired, open }: Pick<InvoicePage, "paid" | "expired" | "open">): string {
  const parts = [`${num(paid)} paid`, `${num(expired)} expired`, `${num(open)} open`];
  // Open invoices can still go either way: the share is of those that ended.
  if (paid + expired > 0) parts.push(`${Math.round((paid * 100) / (paid + expired))}% of settled invoices paid`);
  return `Last 7 days: ${parts.join(" · ")}`;
}

/**
 * An expired invoice's reminder: "reminder at 16:05" (with the day when it is not today),
 * "reminded", or "not reminded: sold out".
 */
export function reminderLabel(reminder: InvoiceReminder, now: Date = new Date()): string {
  switch (reminder.state) {
    case "pending":
      return `reminder at ${until(reminder.due_at, now)}`;
    case "sent":
      return "reminded";
    case "skipped":
      return `not reminded: ${reminder.reason}`;
  }
}

/** Why a reminder was not sent, in a sentence, for the reasons the core gives. */
const SKIPPED: Record<string, string> = {
  "not agreed": "The customer did not say yes to reminders.",
  stopped: "The customer turned off messages with /stop.",
  "bought since": "The customer bought the product since.",
  "not on sale": "The product is no longer on sale.",
  "sold out": "The product sold out.",
};

function reminderTitle(reminder: InvoiceReminder): string {
  switch (reminder.state) {
    case "pending":
      return `A reminder with a fresh Buy button is due ${dateTime(reminder.due_at)}, if the customer agreed to reminders.`;
    case "sent":
      return "A reminder with a fresh Buy button was sent.";
    case "skipped":
      return SKIPPED[reminder.reason] ?? "No reminder went out.";
  }
}

function InvoiceStatusCell({ invoice, onOrder }: { invoice: Invoice; onOrder: (id: number) => void }) {
  switch (invoice.status) {
    case "open":
      return (
        <span className="row" style={{ gap: 6 }} title={`Valid until ${dateTime(invoice.expires_at)}`}>
          <span className="badge blue">
            <span className="dot" />
            Open
          </span>
          <span className="muted small">until {until(invoice.expires_at)}</span>
        </span>
      );
    case "paid":
      return (
        <span className="row" style={{ gap: 6 }}>
          <span className="badge green">
            <span className="dot" />
            Paid
          </span>
          {invoice.order_id !== null && (
            <button type="button" className="link-button small" onClick={() => onOrder(invoice.order_id!)}>
              order #{invoice.order_id}
            </button>
          )}
        </span>
      );
    case "expired":
      return (
        <span className="row" style={{ gap: 6 }}>
          <span className="badge" title="Paying it was refused; the chat shows a fresh Buy button instead.">
            <span className="dot" />
            Expired
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
  const [shown, setShown] = useState<Shown>("all");
  const q = useInvoices(shown === "all" ? null : shown);
  const pages = q.data?.pages ?? [];
  const rows = pages.flatMap((p) => p.invoices);
  // Every page carries the week's counts; the first is the one read last after a change.
  const week = pages[0];
  return (
    <div>
      <div className="toolbar">
        <Segmented<Shown> label="Invoice status" value={shown} onChange={setShown} options={FILTERS} />
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
          <EmptyState icon={<FileText size={24} />} title="No invoices yet">
            When a customer taps Buy in the chat, the bot sends an invoice; it shows here until it is paid or expires.
          </EmptyState>
        ) : (
          <EmptyState icon={<Search size={24} />} title={`No ${shown} invoices`}>
            No invoice sent in the chat is {shown} at the moment.
          </EmptyState>
        )
      ) : (
        <div className="card">
          <div className="report-table-wrap">
            <table className="report-table" data-test="invoices">
              <caption className="sr-only">Invoices sent in the chat</caption>
              <thead>
                <tr>
                  <th scope="col">Sent</th>
                  <th scope="col">Customer</th>
                  <th scope="col">Product</th>
                  <th scope="col" className="num">
                    Stars
                  </th>
                  <th scope="col">Status</th>
                  <th scope="col">Settled</th>
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
            {q.isFetchingNextPage && <Spinner />} Load more
          </button>
        </div>
      )}
    </div>
  );
}
