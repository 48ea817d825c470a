// Payouts: who is owed whole Stars now, each with "Pay out…", and every payout made, newest first.

import { CreditCard, HandCoins, Wallet } from "lucide-react";
import { useState } from "react";
import type { Referrer } from "../../bindings/Referrer";
import { errorMessage } from "../../api/invoke";
import { exportPayouts } from "../../api/referrals";
import { ExportButton } from "../../components/ExportButton";
import { Avatar, EmptyState, ErrorState, Loading, Stars } from "../../components/ui";
import { dateTime, num, plural } from "../../lib/format";
import { dueStars } from "../../lib/referralRules";
import { usePayouts, usePayoutsDue, useReferralSettings, useReferrers } from "../../queries";
import { Commission } from "./Commission";
import { PayOutDialog } from "./PayOut";
import { HowReferralsWork } from "./Referrers";

function DueCard({ onPay }: { onPay: (r: Referrer) => void }) {
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
          <h2>Due to pay out</h2>
          <div className="muted small">Commissions past their hold, in whole Stars; the fractions wait for the next ones.</div>
        </div>
        {list.length > 0 && (
          <span className="badge accent">
            {plural(list.length, "referrer")} · {num(total)} Stars
          </span>
        )}
      </div>
      {due.isLoading ? (
        <Loading />
      ) : due.isError ? (
        <ErrorState message={errorMessage(due.error)} onRetry={() => due.refetch()} />
      ) : list.length === 0 && (referrers.data?.length ?? 0) > 0 ? (
        <div className="card-body muted" data-test="nothing-due">
          Nothing is due now.{" "}
          {onHold > 0 ? (
            <>
              <Commission m={onHold} size={12} /> of commission is on hold, payable once each hold is over.
            </>
          ) : (
            "New commissions come with the payments of the people your referrers bring."
          )}
        </div>
      ) : list.length === 0 ? (
        <EmptyState icon={<HandCoins size={24} />} title="Nothing is due" action={<HowReferralsWork terms={terms.data} />}>
          A referrer is due once a commission has waited out its hold; it is listed here with a button to pay them.
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
                  brought {plural(r.invited, "person", "people")}, {num(r.buyers)} bought · paid out <Stars n={r.paid} size={11} /> so
                  far
                </div>
              </div>
              <div style={{ textAlign: "right" }}>
                <Commission m={r.available} />
                <div className="muted small">available</div>
              </div>
              <button className="btn primary sm" onClick={() => onPay(r)} aria-label={`Pay out to ${r.name}`} data-test="pay-out">
                <HandCoins size={14} /> Pay out…
              </button>
            </div>
          ))}
        </div>
      )}
    </div>
  );
}

function History() {
  const q = usePayouts();
  const list = q.data ?? [];
  return (
    <div className="card" data-test="payout-history">
      <div className="card-head">
        <div>
          <h2>Payouts made</h2>
          <div className="muted small">Newest first, with who marked each and why.</div>
        </div>
        <ExportButton run={exportPayouts} row="payout" disabled={list.length === 0} test="payouts-export" className="btn sm" />
      </div>
      {q.isLoading ? (
        <Loading />
      ) : q.isError ? (
        <ErrorState message={errorMessage(q.error)} onRetry={() => q.refetch()} />
      ) : list.length === 0 ? (
        <div className="card-body muted">No payout yet.</div>
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
                  <span className="muted">· {p.method === "credit" ? "store credit" : "paid outside Stardesk"}</span>
                </div>
                <div className="muted small ellipsis">
                  {dateTime(p.at)} · by {p.by}
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
