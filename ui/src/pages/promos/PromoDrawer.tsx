// One promo code: its terms, its deep link, what it did (the orders that used it) with their
// CSV, and turning it off or on again.

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import i18next from "i18next";
import { Link2, Power, PowerOff } from "lucide-react";
import { useTranslation } from "react-i18next";
import type { Promo } from "../../bindings/Promo";
import { errorMessage } from "../../api/invoke";
import { exportPromoUses, promoLink, promoUses, setPromoActive } from "../../api/promos";
import { ExportButton } from "../../components/ExportButton";
import { StarText } from "../../components/StarText";
import { useToast } from "../../components/Toasts";
import { CopyButton, Drawer, ErrorState, Loading, Spinner, Stars } from "../../components/ui";
import { dateTime, num } from "../../lib/format";
import { discountWords, promoState, usesWords, validityWords } from "../../lib/promoRules";
import { useNav } from "../../nav";
import { PROMO_KEYS, usePlans, useProducts } from "../../queries";

/** "Everything", or the titles of what a code applies to. */
export function useAppliesTo(): (p: Promo) => string {
  const products = useProducts(true);
  const plans = usePlans();
  return (p) => {
    if (p.all_items) return i18next.t("promos:appliesTo.everything");
    const titles = [
      ...p.product_ids.map((id) => products.data?.find((x) => x.id === id)?.title ?? i18next.t("promos:appliesTo.product", { id })),
      ...p.plan_ids.map((id) => plans.data?.find((x) => x.id === id)?.title ?? i18next.t("promos:appliesTo.plan", { id })),
    ];
    return titles.join(", ");
  };
}

/** Deactivates or activates a code, saying what that means. */
export function useSetActive() {
  const { t } = useTranslation("promos");
  const qc = useQueryClient();
  const toast = useToast();
  return useMutation({
    mutationFn: (v: { id: number; active: boolean }) => setPromoActive(v.id, v.active),
    onSuccess: (p) => {
      for (const key of PROMO_KEYS) void qc.invalidateQueries({ queryKey: [key] });
      toast.show(
        "success",
        p.active ? t("toggle.activated", { code: p.code }) : t("toggle.deactivated", { code: p.code }),
        p.active ? t("toggle.activatedDetail") : t("toggle.deactivatedDetail"),
      );
    },
    onError: (e) => toast.show("error", t("toggle.failed"), errorMessage(e)),
  });
}

function DeepLink({ id }: { id: number }) {
  const { t } = useTranslation("promos");
  const q = useQuery({ queryKey: ["promo-uses", id, "link"], queryFn: () => promoLink(id), retry: false });
  if (q.isLoading) return <div className="muted small">{t("drawer.readingLink")}</div>;
  if (q.isError) {
    return (
      <div className="muted small row">
        <Link2 size={13} /> {errorMessage(q.error)}
      </div>
    );
  }
  return (
    <div className="link-box" title={t("drawer.linkTitle")} data-test="promo-link">
      <Link2 size={13} />
      <span>{q.data}</span>
      <CopyButton text={q.data ?? ""} label={t("drawer.copyLink")} deepLink />
    </div>
  );
}

function Uses({ promo }: { promo: Promo }) {
  const { t } = useTranslation("promos");
  const nav = useNav();
  const q = useQuery({ queryKey: ["promo-uses", promo.id], queryFn: () => promoUses(promo.id) });
  if (q.isLoading) return <Loading />;
  if (q.isError) return <ErrorState message={errorMessage(q.error)} onRetry={() => q.refetch()} />;
  const uses = q.data ?? [];
  if (uses.length === 0) return <div className="muted">{t("uses.none")}</div>;
  return (
    <div className="mini-table" role="table" aria-label={t("uses.label", { code: promo.code })} data-test="promo-uses">
      <div className="mini-row head" role="row">
        <span role="columnheader">{t("uses.order")}</span>
        <span role="columnheader">{t("uses.customerItem")}</span>
        <span role="columnheader" className="right">
          {t("uses.price")}
        </span>
        <span role="columnheader" className="right">
          {t("uses.discount")}
        </span>
        <span role="columnheader" className="right">
          {t("uses.paid")}
        </span>
      </div>
      {uses.map((u) => (
        <div className={`mini-row ${u.refunded ? "refunded" : ""}`} role="row" key={u.order_id} data-test="promo-use">
          <span role="cell">
            <button className="btn sm ghost link" onClick={() => nav.go({ page: "orders", search: `#${u.order_id}`, orderId: u.order_id })} title={dateTime(u.at)}>
              #{u.order_id}
            </button>
          </span>
          <span role="cell" className="ellipsis" title={`${u.customer_name} · ${u.title} · ${dateTime(u.at)}`}>
            {u.customer_name} <span className="muted">· {u.title}</span>
            {u.refunded && <span className="badge amber"> {t("uses.refunded")}</span>}
          </span>
          <span role="cell" className="right tabular">
            {num(u.list_price)}
          </span>
          <span role="cell" className="right tabular">
            −{num(u.discount)}
          </span>
          <span role="cell" className="right">
            <Stars n={u.paid} size={12} />
          </span>
        </div>
      ))}
    </div>
  );
}

export function PromoDrawer({ promo: p, onClose }: { promo: Promo; onClose: () => void }) {
  const { t } = useTranslation("promos");
  const appliesTo = useAppliesTo();
  const toggle = useSetActive();
  const state = promoState(p, Date.now() / 1000);
  return (
    <Drawer
      label={t("drawer.label", { code: p.code })}
      test="promo-detail"
      onClose={onClose}
      title={
        <>
          <h2 className="mono">{p.code}</h2>
          <span className={`badge ${state.tone}`}>
            <span className="dot" /> {state.label}
          </span>
        </>
      }
      footer={
        <>
          <ExportButton run={() => exportPromoUses(p.id)} row="use" label={t("drawer.exportUses")} disabled={p.uses === 0} test="promo-uses-export" />
          <span className="grow" />
          <button
            className={`btn ${p.active ? "danger" : "primary"}`}
            onClick={() => toggle.mutate({ id: p.id, active: !p.active })}
            disabled={toggle.isPending}
            data-test="promo-toggle"
          >
            {toggle.isPending ? <Spinner /> : p.active ? <PowerOff size={15} /> : <Power size={15} />}
            {p.active ? t("drawer.deactivate") : t("drawer.activate")}
          </button>
        </>
      }
    >
      <section>
        <div className="section-title">{t("drawer.terms")}</div>
        <div className="kv">
          <div className="k">{t("drawer.discount")}</div>
          <div className="v">
            <StarText text={discountWords(p)} />
          </div>
          <div className="k">{t("drawer.appliesTo")}</div>
          <div className="v">{appliesTo(p)}</div>
          <div className="k">{t("drawer.valid")}</div>
          <div className="v">{validityWords(p, true)}</div>
          <div className="k">{t("drawer.uses")}</div>
          <div className="v tabular">{usesWords(p)}</div>
          <div className="k">{t("drawer.perCustomer")}</div>
          <div className="v">{p.per_customer === null ? t("drawer.noLimit") : t("drawer.usesCount", { count: p.per_customer })}</div>
          <div className="k">{t("drawer.firstPurchaseOnly")}</div>
          <div className="v">{p.first_purchase_only ? t("drawer.yes") : t("drawer.no")}</div>
          {p.batch && (
            <>
              <div className="k">{t("drawer.batch")}</div>
              <div className="v mono">{p.batch}</div>
            </>
          )}
          <div className="k">{t("drawer.created")}</div>
          <div className="v">{dateTime(p.created_at)}</div>
        </div>
      </section>
      <section>
        <div className="section-title">{t("drawer.link")}</div>
        <DeepLink id={p.id} />
        <div className="help small muted" style={{ marginTop: 6 }}>
          {t("drawer.linkHelp", { code: p.code })}
        </div>
      </section>
      <section>
        <div className="section-title">{t("drawer.results")}</div>
        <div className="kv">
          <div className="k">{t("drawer.revenue")}</div>
          <div className="v">
            <Stars n={p.revenue} /> <span className="muted small">{t("drawer.revenueNote")}</span>
          </div>
          <div className="k">{t("drawer.discountGiven")}</div>
          <div className="v">
            <Stars n={p.discount_given} />
          </div>
        </div>
      </section>
      <section>
        <div className="section-title">{t("drawer.uses")}</div>
        <Uses promo={p} />
      </section>
    </Drawer>
  );
}
