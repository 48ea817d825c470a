// One referrer: their figures, their personal link, the people they brought, and their ledger of
// commissions, reversals and payouts; "Pay out…" when whole Stars are due.

import { useQuery } from "@tanstack/react-query";
import { Clock, CreditCard, HandCoins, Link2, Undo2, Wallet } from "lucide-react";
import { useState } from "react";
import { Trans, useTranslation } from "react-i18next";
import type { LedgerLine } from "../../bindings/LedgerLine";
import { errorMessage } from "../../api/invoke";
import { referralLink, referrerDetail } from "../../api/referrals";
import { StarText } from "../../components/StarText";
import { Avatar, CopyButton, Drawer, ErrorState, Loading, Stars } from "../../components/ui";
import { date, dateTime, num } from "../../lib/format";
import { dueStars, exactStars } from "../../lib/referralRules";
import { useNav } from "../../nav";
import { Commission } from "./Commission";
import { PayOutDialog } from "./PayOut";

function LedgerStep({ l, now, onOrder }: { l: LedgerLine; now: number; onOrder: (id: number) => void }) {
  const { t } = useTranslation("referrals");
  const order =
    l.order_id !== null ? (
      <button className="btn sm ghost link" onClick={() => onOrder(l.order_id!)} title={t("drawer.openOrder")} data-test="ledger-order">
        {t("drawer.order", { id: l.order_id })}
      </button>
    ) : null;
  const amount = (
    <span className={`ledger-amount ${l.millistars < 0 ? "negative" : ""}`} title={exactStars(l.millistars)}>
      {l.millistars > 0 ? "+" : ""}
      <StarText text={exactStars(l.millistars)} />
    </span>
  );
  if (l.kind === "earned") {
    const held = l.available_at !== null && l.available_at > now;
    return (
      <div className="step" data-test="ledger-line" data-kind={l.kind}>
        <div className={`mark ${held ? "wait" : "ok"}`}>{held ? <Clock size={13} /> : <HandCoins size={13} />}</div>
        <div>
          <div className="title row wrap" style={{ gap: 6 }}>
            <span className="grow">
              <Trans
                t={t}
                i18nKey="drawer.commission"
                values={{ percent: l.percent }}
                components={{ stars: <Stars n={l.order_stars ?? 0} size={12} /> }}
              />
            </span>
            {amount}
          </div>
          <div className="muted small row wrap" style={{ gap: 4 }}>
            {order}
            <span>
              {l.customer_name ?? t("drawer.aCustomer")} · {l.title} · {dateTime(l.at)}
            </span>
          </div>
          <div className="small">
            {held ? (
              <span className="badge amber">{t("drawer.onHoldUntil", { date: date(l.available_at!) })}</span>
            ) : (
              <span className="badge green">{t("drawer.available")}</span>
            )}
          </div>
        </div>
      </div>
    );
  }
  if (l.kind === "reversed") {
    return (
      <div className="step" data-test="ledger-line" data-kind={l.kind}>
        <div className="mark bad">
          <Undo2 size={13} />
        </div>
        <div>
          <div className="title row wrap" style={{ gap: 6 }}>
            <span className="grow">{t("drawer.reversed")}</span>
            {amount}
          </div>
          <div className="muted small row wrap" style={{ gap: 4 }}>
            {order}
            <span>
              {l.customer_name ?? t("drawer.aCustomer")} · {l.title} · {dateTime(l.at)}
            </span>
          </div>
        </div>
      </div>
    );
  }
  const credit = l.kind === "payout_credit";
  return (
    <div className="step" data-test="ledger-line" data-kind={l.kind}>
      <div className="mark ok">{credit ? <CreditCard size={13} /> : <Wallet size={13} />}</div>
      <div>
        <div className="title row wrap" style={{ gap: 6 }}>
          <span className="grow">{credit ? t("drawer.paidCredit") : t("drawer.paidOutside")}</span>
          {amount}
        </div>
        <div className="muted small">
          {dateTime(l.at)}
          {l.by && ` · ${t("drawer.by", { who: l.by })}`}
        </div>
        {l.note && <div className="small quote-line">{l.note}</div>}
      </div>
    </div>
  );
}

/** The exact amount beside a whole one, where they differ. */
function Exactly({ m }: { m: number }) {
  const { t } = useTranslation("referrals");
  if (m % 1000 === 0) return null;
  return (
    <span className="muted small">
      <Trans t={t} i18nKey="drawer.exactly" components={{ exact: <StarText text={exactStars(m)} /> }} />
    </span>
  );
}

function ReferralLink({ customerId }: { customerId: number }) {
  const { t } = useTranslation("referrals");
  const q = useQuery({ queryKey: ["referrer", customerId, "link"], queryFn: () => referralLink(customerId), retry: false });
  if (q.isLoading) return <div className="muted small">{t("drawer.makingLink")}</div>;
  if (q.isError) {
    return (
      <div className="muted small row">
        <Link2 size={13} /> {errorMessage(q.error)}
      </div>
    );
  }
  return (
    <div className="link-box" title={t("drawer.linkTitle")} data-test="referral-link">
      <Link2 size={13} />
      <span>{q.data}</span>
      <CopyButton text={q.data ?? ""} label={t("drawer.copyLink")} deepLink />
    </div>
  );
}

export function ReferrerDrawer({ customerId, onClose }: { customerId: number; onClose: () => void }) {
  const { t } = useTranslation("referrals");
  const nav = useNav();
  const q = useQuery({ queryKey: ["referrer", customerId], queryFn: () => referrerDetail(customerId), staleTime: 0 });
  const [paying, setPaying] = useState(false);
  const d = q.data;
  const r = d?.referrer;
  const due = r ? dueStars(r.available) : 0;
  const openOrder = (orderId: number) => nav.go({ page: "orders", search: `#${orderId}`, orderId });

  // The payout dialog is the drawer's sibling: a dialog inside another would hand its Escape to both.
  return (
    <>
      <Drawer
        label={t("drawer.label", { name: r?.name ?? customerId })}
        test="referrer-detail"
        onClose={onClose}
        title={
          <>
            {r && <Avatar id={r.customer_id} name={r.name} />}
            <h2 className="ellipsis">{r?.name ?? t("drawer.referrer")}</h2>
            {r?.username && <span className="muted small">@{r.username}</span>}
          </>
        }
        footer={
          r && (
            <>
              <button className="btn" onClick={() => nav.go({ page: "orders", search: String(r.customer_id) })}>
                {t("drawer.customerOrders")}
              </button>
              <span className="grow" />
              {due > 0 ? (
                <button className="btn primary" onClick={() => setPaying(true)} data-test="referrer-pay-out">
                  <HandCoins size={15} /> {t("drawer.payOut", { count: due })}
                </button>
              ) : (
                <span className="muted small">{t("drawer.nothingDue")}</span>
              )}
            </>
          )
        }
      >
        {q.isLoading ? (
          <Loading />
        ) : q.isError ? (
          <ErrorState message={errorMessage(q.error)} onRetry={() => q.refetch()} />
        ) : (
          d &&
          r && (
            <>
              <section>
                <div className="section-title">{t("drawer.sections.figures")}</div>
                <div className="kv">
                  <div className="k">{t("drawer.brought")}</div>
                  <div className="v">{t("drawer.broughtValue", { people: t("count.people", { count: r.invited }), buyers: num(r.buyers) })}</div>
                  <div className="k">{t("drawer.theyPaid")}</div>
                  <div className="v">
                    <Stars n={r.revenue} /> <span className="muted small">{t("drawer.refundsLeftOut")}</span>
                  </div>
                  <div className="k">{t("drawer.earned")}</div>
                  <div className="v">
                    <Commission m={r.earned} /> <Exactly m={r.earned} />
                  </div>
                  <div className="k">{t("drawer.onHold")}</div>
                  <div className="v">
                    <Commission m={r.pending} /> <Exactly m={r.pending} />
                  </div>
                  <div className="k">{t("drawer.available")}</div>
                  <div className="v" data-test="referrer-available">
                    <Commission m={r.available} /> <Exactly m={r.available} />
                    {r.available < 0 && <div className="small muted">{t("drawer.belowZero")}</div>}
                  </div>
                  <div className="k">{t("drawer.paidOut")}</div>
                  <div className="v">
                    <Stars n={r.paid} />
                  </div>
                  <div className="k">{t("drawer.creditLeft")}</div>
                  <div className="v">
                    <Stars n={r.credit} /> <span className="muted small">{t("drawer.creditHint")}</span>
                  </div>
                </div>
              </section>
              <section>
                <div className="section-title">{t("drawer.sections.link")}</div>
                <ReferralLink customerId={customerId} />
                <div className="help small muted" style={{ marginTop: 6 }}>
                  {t("drawer.linkHelp")}
                </div>
              </section>
              <section>
                <div className="section-title">{t("drawer.sections.invited")}</div>
                {d.invited.length === 0 ? (
                  <div className="muted">{t("drawer.nobody")}</div>
                ) : (
                  <div className="list bordered" data-test="referrer-invited">
                    {d.invited.map((i) => (
                      <div className="list-item" key={i.customer_id}>
                        <Avatar id={i.customer_id} name={i.name} />
                        <div className="grow" style={{ minWidth: 0 }}>
                          <div className="ellipsis" style={{ fontWeight: 560 }}>
                            {i.name}
                          </div>
                          <div className="muted small">{t("drawer.since", { date: date(i.since) })}</div>
                        </div>
                        <div style={{ textAlign: "right" }}>
                          <Stars n={i.stars} />
                          <div className="muted small">{t("count.orders", { count: i.orders })}</div>
                        </div>
                      </div>
                    ))}
                  </div>
                )}
              </section>
              <section>
                <div className="section-title">{t("drawer.sections.ledger")}</div>
                {d.ledger.length === 0 ? (
                  <div className="muted">{t("drawer.noLedger")}</div>
                ) : (
                  <div className="timeline" data-test="referrer-ledger">
                    {d.ledger.map((l, i) => (
                      <LedgerStep key={`${l.kind}-${l.order_id ?? ""}-${l.at}-${i}`} l={l} now={d.now} onOrder={openOrder} />
                    ))}
                  </div>
                )}
              </section>
            </>
          )
        )}
      </Drawer>
      {paying && r && <PayOutDialog referrer={r} onClose={() => setPaying(false)} />}
    </>
  );
}
