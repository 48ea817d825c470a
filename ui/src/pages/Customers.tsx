// Customers: everyone who opened the bot, what they bought, and blocking the ones to refuse. A
// customer a limit against abuse flagged carries the reason until the merchant lifts the flag
// (the customer is trusted: the limits no longer apply to them) or blocks them.

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Ban, Flag, Search, ShieldCheck, Users } from "lucide-react";
import i18next from "i18next";
import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
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
import { ago, date, num } from "../lib/format";
import { useNav } from "../nav";
import { customerPages, FLAGGED_KEY, useFlagged } from "../queries";
import { useDebounced } from "../lib/debounce";

type Shown = "all" | "active" | "blocked";

const customerId = (r: CustomerRow) => String(r.id);

/** Who a dialog is about: a row of the list, or a customer of the flagged banner. */
type Who = Pick<CustomerRow, "id" | "first_name" | "blocked" | "flag">;

/** A flagged customer's name, or "Unknown" for one with none. */
const flaggedName = (f: Flagged) => f.name || i18next.t("common:states.unknown");

const flaggedWho = (f: Flagged): Who => ({ id: f.customer_id, first_name: flaggedName(f), blocked: false, flag: f.reason });

/** "⚑ flagged: reached 2 purchases in an hour", on the row of a flagged customer. */
function FlagBadge({ reason }: { reason: string }) {
  const { t } = useTranslation("customers");
  return (
    <span
      className="badge amber"
      title={t("flag.title", { reason })}
      data-test="flag-badge"
      style={{ minWidth: 0, flexShrink: 1, overflow: "hidden" }}
    >
      <span className="ellipsis">{t("flag.badge", { reason })}</span>
    </span>
  );
}

function LiftDialog({ customer, onClose, onDone }: { customer: Who; onClose: () => void; onDone: () => void }) {
  const { t } = useTranslation(["customers", "common"]);
  const toast = useToast();
  const name = customer.first_name;
  const m = useMutation({
    mutationFn: () => liftFlag(customer.id),
    onSuccess: () => {
      toast.show("success", t("lift.trusted", { name }), t("lift.trustedBody"));
      onDone();
      onClose();
    },
    onError: (e) => toast.show("error", t("lift.notLifted"), errorMessage(e)),
  });
  return (
    <Modal
      title={t("lift.title", { name })}
      onClose={onClose}
      footer={
        <>
          <button className="btn" onClick={onClose}>
            {t("common:actions.cancel")}
          </button>
          <button className="btn primary" onClick={() => m.mutate()} disabled={m.isPending} data-test="confirm-lift">
            {m.isPending && <Spinner />}
            {t("lift.confirm")}
          </button>
        </>
      }
    >
      <p style={{ margin: 0 }}>
        {customer.flag ? `${t("lift.flagged", { reason: customer.flag })} ` : ""}
        {t("lift.body", { name })}
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
  const { t } = useTranslation("customers");
  return (
    <section className="banner warn" aria-labelledby="flagged-title" data-test="flagged-banner" style={{ alignItems: "flex-start" }}>
      <div className="icon">
        <Flag size={18} color="var(--amber)" />
      </div>
      <div className="grow" style={{ minWidth: 0 }}>
        <h3 id="flagged-title">{t("flagged.title", { count: flagged.length })}</h3>
        <p>{t("flagged.text")}</p>
        <ul aria-label={t("flagged.listLabel")} style={{ listStyle: "none", margin: "8px 0 0", padding: 0, maxHeight: 168, overflowY: "auto" }}>
          {flagged.map((f) => (
            <li key={f.customer_id} className="row" style={{ gap: 8, padding: "3px 0", minWidth: 0 }}>
              <button className="btn ghost sm" onClick={() => onShow(f)} title={t("flagged.show")}>
                {flaggedName(f)}
              </button>
              <span className="muted small ellipsis grow" title={f.reason}>
                {f.reason} · {ago(f.at)}
              </span>
              <button className="btn sm" onClick={() => onLift(f)} aria-label={t("flagged.liftLabel", { name: flaggedName(f) })}>
                <ShieldCheck size={13} /> {t("flagged.lift")}
              </button>
              <button className="btn sm ghost danger" onClick={() => onBlock(f)} aria-label={t("flagged.blockLabel", { name: flaggedName(f) })}>
                <Ban size={13} /> {t("flagged.block")}
              </button>
            </li>
          ))}
        </ul>
      </div>
    </section>
  );
}

function BlockDialog({ customer, onClose, onDone }: { customer: Who; onClose: () => void; onDone: () => void }) {
  const { t } = useTranslation(["customers", "common"]);
  const toast = useToast();
  const name = customer.first_name;
  const block = !customer.blocked;
  const m = useMutation({
    mutationFn: () => setCustomerBlocked(customer.id, block),
    onSuccess: () => {
      toast.show("success", block ? t("block.blocked", { name }) : t("block.unblocked", { name }));
      onDone();
      onClose();
    },
    onError: (e) => toast.show("error", t("block.notChanged"), errorMessage(e)),
  });
  return (
    <Modal
      title={block ? t("block.blockTitle", { name }) : t("block.unblockTitle", { name })}
      onClose={onClose}
      footer={
        <>
          <button className="btn" onClick={onClose}>
            {t("common:actions.cancel")}
          </button>
          <button className={`btn ${block ? "danger solid" : "primary"}`} onClick={() => m.mutate()} disabled={m.isPending} data-test="confirm-block">
            {m.isPending && <Spinner />}
            {block ? t("block.block") : t("block.unblock")}
          </button>
        </>
      }
    >
      <p style={{ margin: 0 }}>
        {block ? t("block.blockText") : t("block.unblockText")}
      </p>
    </Modal>
  );
}

export function CustomersPage() {
  const { t } = useTranslation(["customers", "common"]);
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
        header: t("columns.customer"),
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
        header: t("columns.orders"),
        cell: ({ row }) => <span className="tabular">{num(row.original.orders)}</span>,
        meta: { width: "86px", align: "right", sort: "orders" },
      },
      {
        id: "spent",
        header: t("columns.spent"),
        cell: ({ row }) => <Stars n={row.original.spent} />,
        meta: { width: "100px", align: "right", sort: "spent" },
      },
      {
        id: "first",
        header: t("columns.firstSeen"),
        cell: ({ row }) => <span className="tabular ellipsis">{date(row.original.first_seen)}</span>,
        // In a small window "last seen" says more; Block has to stay in sight.
        meta: { width: "124px", sort: "first_seen", hideBelow: 780 },
      },
      {
        id: "last",
        header: t("columns.lastSeen"),
        cell: ({ row }) => <span className="tabular ellipsis">{ago(row.original.last_seen)}</span>,
        meta: { width: "116px", sort: "last_seen" },
      },
      {
        id: "state",
        header: "",
        cell: ({ row }) => (
          <div className="row" style={{ justifyContent: "flex-end", width: "100%" }}>
            {row.original.blocked && <span className="badge red">{t("row.blocked")}</span>}
            {row.original.flag !== null && !row.original.blocked && (
              <button
                className="btn sm"
                onClick={(e) => {
                  e.stopPropagation();
                  setLifting(row.original);
                }}
                aria-label={t("row.liftLabel", { name: row.original.first_name })}
                title={t("row.liftTitle")}
              >
                <ShieldCheck size={13} /> {t("row.lift")}
              </button>
            )}
            <button
              className={`btn sm ${row.original.blocked ? "" : "ghost danger"}`}
              onClick={(e) => {
                e.stopPropagation();
                setConfirm(row.original);
              }}
              aria-label={
                row.original.blocked
                  ? t("row.unblockLabel", { name: row.original.first_name })
                  : t("row.blockLabel", { name: row.original.first_name })
              }
            >
              {row.original.blocked ? <ShieldCheck size={13} /> : <Ban size={13} />}
              {row.original.blocked ? t("row.unblock") : t("row.block")}
            </button>
          </div>
        ),
        meta: { width: "176px", align: "right" },
      },
    ],
    [t],
  );

  return (
    <div className="page fill">
      <div className="page-head">
        <div>
          <h1>{t("common:pages.customers")}</h1>
          <p>{t("subtitle")}</p>
        </div>
        <ExportButton
          run={(job) => customersExport(query, job)}
          row="customer"
          disabled={count.data === 0}
          test="customers-export"
          title={t("exportTitle")}
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
            placeholder={t("searchPlaceholder")}
            aria-label={t("searchLabel")}
            value={search}
            onChange={(e) => setSearch(e.target.value)}
          />
        </div>
        <Segmented<Shown>
          label={t("show.label")}
          value={shown}
          onChange={setShown}
          options={[
            { value: "all", label: t("show.all") },
            { value: "active", label: t("show.active") },
            { value: "blocked", label: t("show.blocked") },
          ]}
        />
      </div>
      {count.isError ? (
        <ErrorState message={errorMessage(count.error)} onRetry={() => count.refetch()} />
      ) : (
        <VirtualTable<CustomerRow>
          label={t("tableLabel")}
          columns={columns}
          pages={pages}
          total={count.data}
          rowId={customerId}
          scrollKey={key}
          sort={sort}
          onSort={setSort}
          onOpen={(r) => nav.go({ page: "orders", search: String(r.id) })}
          footer={<span>{t("footer")}</span>}
          empty={
            debounced || shown !== "all" ? (
              <EmptyState icon={<Search size={24} />} title={t("noMatchTitle")}>
                {t("noMatch")}
              </EmptyState>
            ) : (
              <EmptyState
                icon={<Users size={24} />}
                title={t("emptyTitle")}
                action={
                  <button className="btn primary" onClick={() => nav.go("demo")}>
                    {t("rehearse")}
                  </button>
                }
              >
                {t("empty")}
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
