// Customers: everyone who opened the bot, what they bought, and blocking the ones to refuse. A
// customer a limit against abuse flagged carries the reason until the merchant lifts the flag
// (the customer is trusted: the limits no longer apply to them) or blocks them.

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Ban, Flag, Search, ShieldCheck, Users } from "lucide-react";
import { useMemo, useState } from "react";
import type { CustomerQuery } from "../bindings/CustomerQuery";
import type { CustomerRow } from "../bindings/CustomerRow";
import type { CustomerSort } from "../bindings/CustomerSort";
import type { Flagged } from "../bindings/Flagged";
import { customersCount, setCustomerBlocked } from "../api/customers";
import { customersExport } from "../api/commands";
import { errorMessage } from "../api/invoke";
import { liftFlag } from "../api/legal";
import { ExportButton } from "../components/ExportButton";
import { useToast } from "../components/Toasts";
import { type Column, type Sort, VirtualTable } from "../components/VirtualTable";
import { EmptyState, ErrorState, Modal, Person, Segmented, Spinner, Stars } from "../components/ui";
import { ago, date, num, plural } from "../lib/format";
import { useNav } from "../nav";
import { customerPages, FLAGGED_KEY, useFlagged } from "../queries";
import { useDebounced } from "../lib/debounce";

type Shown = "all" | "active" | "blocked";

const customerId = (r: CustomerRow) => String(r.id);

/** Who a dialog is about: a row of the list, or a customer of the flagged banner. */
type Who = Pick<CustomerRow, "id" | "first_name" | "blocked" | "flag">;

const flaggedWho = (f: Flagged): Who => ({ id: f.customer_id, first_name: f.name || "Unknown", blocked: false, flag: f.reason });

/** "⚑ flagged: reached 2 purchases in an hour", on the row of a flagged customer. */
function FlagBadge({ reason }: { reason: string }) {
  return (
    <span
      className="badge amber"
      title={`Flagged by a limit against abuse: ${reason}`}
      data-test="flag-badge"
      style={{ minWidth: 0, flexShrink: 1, overflow: "hidden" }}
    >
      <span className="ellipsis">⚑ flagged: {reason}</span>
    </span>
  );
}

function LiftDialog({ customer, onClose, onDone }: { customer: Who; onClose: () => void; onDone: () => void }) {
  const toast = useToast();
  const m = useMutation({
    mutationFn: () => liftFlag(customer.id),
    onSuccess: () => {
      toast.show("success", `${customer.first_name} is trusted`, "The flag is lifted; the limits against abuse no longer apply to them.");
      onDone();
      onClose();
    },
    onError: (e) => toast.show("error", "The flag was not lifted", errorMessage(e)),
  });
  return (
    <Modal
      title={`Lift ${customer.first_name}'s flag?`}
      onClose={onClose}
      footer={
        <>
          <button className="btn" onClick={onClose}>
            Cancel
          </button>
          <button className="btn primary" onClick={() => m.mutate()} disabled={m.isPending} data-test="confirm-lift">
            {m.isPending && <Spinner />}
            Lift flag and trust
          </button>
        </>
      }
    >
      <p style={{ margin: 0 }}>
        {customer.flag ? `Flagged: ${customer.flag}. ` : ""}
        Lifting the flag trusts {customer.first_name}: the limits against abuse no longer apply to them. If these purchases were not
        theirs to make, block them instead.
      </p>
    </Modal>
  );
}

/** Customers a limit flagged, at the top of the page, each with Lift flag and Block. */
function FlaggedBanner({
  flagged,
  onShow,
  onLift,
  onBlock,
}: {
  flagged: Flagged[];
  onShow: (f: Flagged) => void;
  onLift: (f: Flagged) => void;
  onBlock: (f: Flagged) => void;
}) {
  return (
    <section className="banner warn" aria-labelledby="flagged-title" data-test="flagged-banner" style={{ alignItems: "flex-start" }}>
      <div className="icon">
        <Flag size={18} color="var(--amber)" />
      </div>
      <div className="grow" style={{ minWidth: 0 }}>
        <h3 id="flagged-title">{plural(flagged.length, "customer")} flagged</h3>
        <p>
          Each hit a limit against abuse and was refused at checkout. Lift the flag to trust a customer (the limits no longer apply to
          them), or block them.
        </p>
        <ul aria-label="Flagged customers" style={{ listStyle: "none", margin: "8px 0 0", padding: 0, maxHeight: 168, overflowY: "auto" }}>
          {flagged.map((f) => (
            <li key={f.customer_id} className="row" style={{ gap: 8, padding: "3px 0", minWidth: 0 }}>
              <button className="btn ghost sm" onClick={() => onShow(f)} title="Show this customer in the list">
                {f.name || "Unknown"}
              </button>
              <span className="muted small ellipsis grow" title={f.reason}>
                {f.reason} · {ago(f.at)}
              </span>
              <button className="btn sm" onClick={() => onLift(f)} aria-label={`Lift flag (trust ${f.name || "Unknown"})`}>
                <ShieldCheck size={13} /> Lift flag (trust customer)
              </button>
              <button className="btn sm ghost danger" onClick={() => onBlock(f)} aria-label={`Block ${f.name || "Unknown"}`}>
                <Ban size={13} /> Block
              </button>
            </li>
          ))}
        </ul>
      </div>
    </section>
  );
}

function BlockDialog({ customer, onClose, onDone }: { customer: Who; onClose: () => void; onDone: () => void }) {
  const toast = useToast();
  const block = !customer.blocked;
  const m = useMutation({
    mutationFn: () => setCustomerBlocked(customer.id, block),
    onSuccess: () => {
      toast.show("success", block ? `${customer.first_name} is blocked` : `${customer.first_name} can buy again`);
      onDone();
      onClose();
    },
    onError: (e) => toast.show("error", "Not changed", errorMessage(e)),
  });
  return (
    <Modal
      title={block ? `Block ${customer.first_name}?` : `Unblock ${customer.first_name}?`}
      onClose={onClose}
      footer={
        <>
          <button className="btn" onClick={onClose}>
            Cancel
          </button>
          <button className={`btn ${block ? "danger solid" : "primary"}`} onClick={() => m.mutate()} disabled={m.isPending} data-test="confirm-block">
            {m.isPending && <Spinner />}
            {block ? "Block" : "Unblock"}
          </button>
        </>
      }
    >
      <p style={{ margin: 0 }}>
        {block
          ? "A blocked customer can still write to your bot, but any purchase is refused at checkout with a message pointing to /paysupport. Their past orders stay."
          : "They will be able to buy again right away."}
      </p>
    </Modal>
  );
}

export function CustomersPage() {
  const nav = useNav();
  const qc = useQueryClient();
  const [search, setSearch] = useState("");
  const [shown, setShown] = useState<Shown>("all");
  const [sort, setSort] = useState<Sort>({ key: "last_seen", descending: true });
  const [confirm, setConfirm] = useState<Who | null>(null);
  const [lifting, setLifting] = useState<Who | null>(null);
  const flagged = useFlagged();
  const debounced = useDebounced(search, 250);

  const query: CustomerQuery = useMemo(
    () => ({
      search: debounced.trim() || null,
      blocked: shown === "all" ? null : shown === "blocked",
      sort: sort.key as CustomerSort,
      descending: sort.descending,
      offset: 0,
      limit: 100,
    }),
    [debounced, shown, sort],
  );
  const key = JSON.stringify(query);
  const refresh = () => {
    void qc.invalidateQueries({ queryKey: ["customers-page"] });
    void qc.invalidateQueries({ queryKey: ["customers-count"] });
    void qc.invalidateQueries({ queryKey: [FLAGGED_KEY] });
  };
  const count = useQuery({ queryKey: ["customers-count", key], queryFn: () => customersCount(query), placeholderData: (p) => p });
  const pages = useMemo(() => customerPages(query), [query]);

  const columns: Column<CustomerRow>[] = useMemo(
    () => [
      {
        id: "name",
        header: "Customer",
        cell: ({ row }) => (
          <div className="row" style={{ minWidth: 0, gap: 8, flexWrap: "nowrap" }}>
            <Person id={row.original.id} name={row.original.first_name} username={row.original.username} />
            {row.original.flag !== null && <FlagBadge reason={row.original.flag} />}
          </div>
        ),
        meta: { width: "minmax(150px, 2fr)", sort: "name" },
      },
      {
        id: "orders",
        header: "Orders",
        cell: ({ row }) => <span className="tabular">{num(row.original.orders)}</span>,
        meta: { width: "86px", align: "right", sort: "orders" },
      },
      {
        id: "spent",
        header: "Spent",
        cell: ({ row }) => <Stars n={row.original.spent} />,
        meta: { width: "100px", align: "right", sort: "spent" },
      },
      {
        id: "first",
        header: "First seen",
        cell: ({ row }) => <span className="tabular ellipsis">{date(row.original.first_seen)}</span>,
        // In a small window "last seen" says more; Block has to stay in sight.
        meta: { width: "124px", sort: "first_seen", hideBelow: 780 },
      },
      {
        id: "last",
        header: "Last seen",
        cell: ({ row }) => <span className="tabular ellipsis">{ago(row.original.last_seen)}</span>,
        meta: { width: "116px", sort: "last_seen" },
      },
      {
        id: "state",
        header: "",
        cell: ({ row }) => (
          <div className="row" style={{ justifyContent: "flex-end", width: "100%" }}>
            {row.original.blocked && <span className="badge red">Blocked</span>}
            {row.original.flag !== null && !row.original.blocked && (
              <button
                className="btn sm"
                onClick={(e) => {
                  e.stopPropagation();
                  setLifting(row.original);
                }}
                aria-label={`Lift flag (trust ${row.original.first_name})`}
                title="Lift the flag and trust this customer: the limits against abuse no longer apply to them"
              >
                <ShieldCheck size={13} /> Lift
              </button>
            )}
            <button
              className={`btn sm ${row.original.blocked ? "" : "ghost danger"}`}
              onClick={(e) => {
                e.stopPropagation();
                setConfirm(row.original);
              }}
              aria-label={row.original.blocked ? `Unblock ${row.original.first_name}` : `Block ${row.original.first_name}`}
            >
              {row.original.blocked ? <ShieldCheck size={13} /> : <Ban size={13} />}
              {row.original.blocked ? "Unblock" : "Block"}
            </button>
          </div>
        ),
        meta: { width: "176px", align: "right" },
      },
    ],
    [],
  );

  return (
    <div className="page fill">
      <div className="page-head">
        <div>
          <h1>Customers</h1>
          <p>Everyone who opened your bot. Open a customer to see their orders.</p>
        </div>
        <ExportButton
          run={(job) => customersExport(query, job)}
          row="customer"
          disabled={count.data === 0}
          test="customers-export"
          title="Every customer the search and filter match, as a CSV file"
        />
      </div>
      {flagged.data && flagged.data.length > 0 && (
        <FlaggedBanner
          flagged={flagged.data}
          onShow={(f) => {
            setShown("all");
            setSearch(String(f.customer_id));
          }}
          onLift={(f) => setLifting(flaggedWho(f))}
          onBlock={(f) => setConfirm(flaggedWho(f))}
        />
      )}
      <div className="toolbar">
        <div className="input-icon">
          <Search size={15} />
          <input
            className="input"
            type="search"
            placeholder="Name, @username or Telegram id"
            aria-label="Search customers"
            value={search}
            onChange={(e) => setSearch(e.target.value)}
          />
        </div>
        <Segmented<Shown>
          label="Show"
          value={shown}
          onChange={setShown}
          options={[
            { value: "all", label: "All" },
            { value: "active", label: "Can buy" },
            { value: "blocked", label: "Blocked" },
          ]}
        />
      </div>
      {count.isError ? (
        <ErrorState message={errorMessage(count.error)} onRetry={() => count.refetch()} />
      ) : (
        <VirtualTable<CustomerRow>
          label="Customers"
          columns={columns}
          pages={pages}
          total={count.data}
          rowId={customerId}
          scrollKey={key}
          sort={sort}
          onSort={setSort}
          onOpen={(r) => nav.go({ page: "orders", search: String(r.id) })}
          footer={<span>↑ ↓ to move · Enter shows the customer's orders</span>}
          empty={
            debounced || shown !== "all" ? (
              <EmptyState icon={<Search size={24} />} title="No customer matches">
                Search looks at first names, @usernames and Telegram ids, in any case and with or without accents.
              </EmptyState>
            ) : (
              <EmptyState
                icon={<Users size={24} />}
                title="No customers yet"
                action={
                  <button className="btn primary" onClick={() => nav.go("demo")}>
                    Rehearse with a simulated customer
                  </button>
                }
              >
                Customers appear here as soon as they open your bot — from a product's link or by searching for it in
                Telegram.
              </EmptyState>
            )
          }
        />
      )}
      {confirm && <BlockDialog customer={confirm} onClose={() => setConfirm(null)} onDone={refresh} />}
      {lifting && <LiftDialog customer={lifting} onClose={() => setLifting(null)} onDone={refresh} />}
    </div>
  );
}
