// Customers: everyone who opened the bot, what they bought, and blocking the ones to refuse.

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Ban, Search, ShieldCheck, Users } from "lucide-react";
import { useMemo, useState } from "react";
import type { CustomerQuery } from "../bindings/CustomerQuery";
import type { CustomerRow } from "../bindings/CustomerRow";
import type { CustomerSort } from "../bindings/CustomerSort";
import { customersCount, setCustomerBlocked } from "../api/customers";
import { customersExport } from "../api/commands";
import { errorMessage } from "../api/invoke";
import { ExportButton } from "../components/ExportButton";
import { useToast } from "../components/Toasts";
import { type Column, type Sort, VirtualTable } from "../components/VirtualTable";
import { EmptyState, ErrorState, Modal, Person, Segmented, Spinner, Stars } from "../components/ui";
import { ago, date, num } from "../lib/format";
import { useNav } from "../nav";
import { customerPages } from "../queries";
import { useDebounced } from "../lib/debounce";

type Shown = "all" | "active" | "blocked";

const customerId = (r: CustomerRow) => String(r.id);

function BlockDialog({ customer, onClose, onDone }: { customer: CustomerRow; onClose: () => void; onDone: () => void }) {
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
  const [confirm, setConfirm] = useState<CustomerRow | null>(null);
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
  const count = useQuery({ queryKey: ["customers-count", key], queryFn: () => customersCount(query), placeholderData: (p) => p });
  const pages = useMemo(() => customerPages(query), [query]);

  const columns: Column<CustomerRow>[] = useMemo(
    () => [
      {
        id: "name",
        header: "Customer",
        cell: ({ row }) => <Person id={row.original.id} name={row.original.first_name} username={row.original.username} />,
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
      {confirm && (
        <BlockDialog
          customer={confirm}
          onClose={() => setConfirm(null)}
          onDone={() => {
            void qc.invalidateQueries({ queryKey: ["customers-page"] });
            void qc.invalidateQueries({ queryKey: ["customers-count"] });
          }}
        />
      )}
    </div>
  );
}
