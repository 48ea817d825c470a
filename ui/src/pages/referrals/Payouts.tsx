// Payouts: who is owed whole Stars now, each with "Pay out…", and every payout made, newest first.

import { CreditCard, HandCoins, Wallet } from "lucide-react";
import { useState } from "react";
import { Trans, useTranslation } from "react-i18next";
import type { Referrer } from "../../bindings/Referrer";
import { errorMessage } from "../../api/invoke";
import { exportPayouts } from "../../api/referrals";
import { ExportButton } from "../../components/ExportButton";
import { Avatar, EmptyState, ErrorState, Loading, Stars } from "../../components/ui";
import { dateTime, num } from "../../lib/format";
import { dueStars } from "../../lib/referralRules";
import { usePayouts, usePayoutsDue, useReferralSettings, useReferrers } from "../../queries";
import { Commission } from "./Commission";
import { PayOutDialog } from "./PayOut";
import { HowReferralsWork } from "./Referrers";

function DueCard({ onPay }: { onPay: (r: Referrer) => void }) {
  const { t } = useTranslation("referrals");
  const due = usePayoutsDue();
  const terms = useReferralSettings();
  const referrers = useReferrers();
  const onHold = (referrers.data ?? []).reduce((s, r) => s + r.pending, 0);
  const list = due.data ?? [];
  const total = list.reduce((s, r) => s + dueStars(r.available), 0);
  return (
    <div className="card" data-test="payouts-due">
      <div className="card-head">
        <div>
          <h2>{t("payouts.dueTitle")}</h2>
          <div className="muted small">{t("payouts.dueSub")}</div>
        </div>
        {list.length > 0 && (
          <span className="badge accent">
            {t("payouts.dueBadge", {
              referrers: t("count.referrers", { count: list.length }),
              stars: t("count.stars", { count: total }),
            })}
          </span>
        )}
      </div>
      {due.isLoading ? (
        <Loading />
      ) : due.isError ? (
        <ErrorState message={errorMessage(due.error)} onRetry={() => due.refetch()} />
      ) : list.length === 0 && (referrers.data?.length ?? 0) > 0 ? (
        <div className="card-body muted" data-test="nothing-due">
          {t("payouts.nothingDue")}{" "}
          {onHold > 0 ? (
            <Trans t={t} i18nKey="payouts.onHold" components={{ commission: <Commission m={onHold} size={12} /> }} />
          ) : (
            t("payouts.newComing")
          )}
        </div>
      ) : list.length === 0 ? (
        <EmptyState icon={<HandCoins size={24} />} title={t("payouts.emptyTitle")} action={<HowReferralsWork terms={terms.data} />}>
          {t("payouts.emptyBody")}
        </EmptyState>
      ) : (
        <div className="list">
          {list.map((r) => (
            <div className="list-item" key={r.customer_id} data-test="payout-due-row">
              <Avatar id={r.customer_id} name={r.name} />
              <div className="grow" style={{ minWidth: 0 }}>
                <div className="ellipsis">
                  <span style={{ fontWeight: 560 }}>{r.name}</span>
                  {r.username && <span className="muted small"> @{r.username}</span>}
                </div>
                <div className="muted small">
                  <Trans
                    t={t}
                    i18nKey="payouts.row"
                    values={{ people: t("count.people", { count: r.invited }), buyers: num(r.buyers) }}
                    components={{ stars: <Stars n={r.paid} size={11} /> }}
                  />
                </div>
              </div>
              <div style={{ textAlign: "right" }}>
                <Commission m={r.available} />
                <div className="muted small">{t("payouts.available")}</div>
              </div>
              <button className="btn primary sm" onClick={() => onPay(r)} aria-label={t("payOut.title", { name: r.name })} data-test="pay-out">
                <HandCoins size={14} /> {t("payouts.payOut")}
              </button>
            </div>
          ))}
        </div>
      )}
    </div>
  );
}

function History() {
  const { t } = useTranslation("referrals");
  const q = usePayouts();
  const list = q.data ?? [];
  return (
    <div className="card" data-test="payout-history">
      <div className="card-head">
        <div>
          <h2>{t("payouts.historyTitle")}</h2>
          <div className="muted small">{t("payouts.historySub")}</div>
        </div>
        <ExportButton run={exportPayouts} row="payout" disabled={list.length === 0} test="payouts-export" className="btn sm" />
      </div>
      {q.isLoading ? (
        <Loading />
      ) : q.isError ? (
        <ErrorState message={errorMessage(q.error)} onRetry={() => q.refetch()} />
      ) : list.length === 0 ? (
        <div className="card-body muted">{t("payouts.none")}</div>
      ) : (
        <div className="list">
          {list.map((p) => (
            <div className="list-item" key={p.id} data-test="payout-row">
              <span className="method-icon" aria-hidden>
                {p.method === "credit" ? <CreditCard size={15} /> : <Wallet size={15} />}
              </span>
              <div className="grow" style={{ minWidth: 0 }}>
                <div className="ellipsis">
                  <span style={{ fontWeight: 560 }}>{p.referrer_name}</span>{" "}
                  <span className="muted">· {p.method === "credit" ? t("payouts.credit") : t("payouts.outside")}</span>
                </div>
                <div className="muted small ellipsis">
                  {dateTime(p.at)} · {t("payouts.by", { who: p.by })}
                  {p.note && ` · ${p.note}`}
                </div>
              </div>
              <Stars n={p.stars} />
            </div>
          ))}
        </div>
      )}
    </div>
  );
}

export function PayoutsPanel() {
  const [paying, setPaying] = useState<Referrer | null>(null);
  return (
    <div className="stack">
      <DueCard onPay={setPaying} />
      <History />
      {paying && <PayOutDialog referrer={paying} onClose={() => setPaying(null)} />}
    </div>
  );
}
