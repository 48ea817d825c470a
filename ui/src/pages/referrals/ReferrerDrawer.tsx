// One referrer: their figures, their personal link, the people they brought, and their ledger of
// commissions, reversals and payouts; "Pay out…" when whole Stars are due.

import { useQuery } from "@tanstack/react-query";
import { Clock, CreditCard, HandCoins, Link2, Undo2, Wallet } from "lucide-react";
import { useState } from "react";
import type { LedgerLine } from "../../bindings/LedgerLine";
import { errorMessage } from "../../api/invoke";
import { referralLink, referrerDetail } from "../../api/referrals";
import { StarText } from "../../components/StarText";
import { Avatar, CopyButton, Drawer, ErrorState, Loading, Stars } from "../../components/ui";
import { date, dateTime, num, plural } from "../../lib/format";
import { dueStars, exactStars } from "../../lib/referralRules";
import { useNav } from "../../nav";
import { Commission } from "./Commission";
import { PayOutDialog } from "./PayOut";

function LedgerStep({ l, now, onOrder }: { l: LedgerLine; now: number; onOrder: (id: number) => void }) {
  const order =
    l.order_id !== null ? (
      <button className="btn sm ghost link" onClick={() => onOrder(l.order_id!)} title="Open the order" data-test="ledger-order">
        Order #{l.order_id}
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
              Commission {l.percent}% of <Stars n={l.order_stars ?? 0} size={12} />
            </span>
            {amount}
          </div>
          <div className="muted small row wrap" style={{ gap: 4 }}>
            {order}
            <span>
              {l.customer_name ?? "A customer"} · {l.title} · {dateTime(l.at)}
            </span>
          </div>
          <div className="small">
            {held ? (
              <span className="badge amber">On hold until {date(l.available_at!)}</span>
            ) : (
              <span className="badge green">Available</span>
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
            <span className="grow">Reversed: the order was refunded</span>
            {amount}
          </div>
          <div className="muted small row wrap" style={{ gap: 4 }}>
            {order}
            <span>
              {l.customer_name ?? "A customer"} · {l.title} · {dateTime(l.at)}
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
          <span className="grow">{credit ? "Paid out as store credit" : "Paid outside Stardesk"}</span>
          {amount}
        </div>
        <div className="muted small">
          {dateTime(l.at)}
          {l.by && ` · by ${l.by}`}
        </div>
        {l.note && <div className="small quote-line">{l.note}</div>}
      </div>
    </div>
  );
}

/** The exact amount beside a whole one, where they differ. */
function Exactly({ m }: { m: number }) {
  if (m % 1000 === 0) return null;
  return (
    <span className="muted small">
      exactly <StarText text={exactStars(m)} />
    </span>
  );
}

function ReferralLink({ customerId }: { customerId: number }) {
  const q = useQuery({ queryKey: ["referrer", customerId, "link"], queryFn: () => referralLink(customerId), retry: false });
  if (q.isLoading) return <div className="muted small">Making their link…</div>;
  if (q.isError) {
    return (
      <div className="muted small row">
        <Link2 size={13} /> {errorMessage(q.error)}
      </div>
    );
  }
  return (
    <div className="link-box" title="Opens your bot; someone new who starts it becomes their referral" data-test="referral-link">
      <Link2 size={13} />
      <span>{q.data}</span>
      <CopyButton text={q.data ?? ""} label="Copy link" deepLink />
    </div>
  );
}

export function ReferrerDrawer({ customerId, onClose }: { customerId: number; onClose: () => void }) {
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
        label={`Referrer ${r?.name ?? customerId}`}
        test="referrer-detail"
        onClose={onClose}
        title={
          <>
            {r && <Avatar id={r.customer_id} name={r.name} />}
            <h2 className="ellipsis">{r?.name ?? "Referrer"}</h2>
            {r?.username && <span className="muted small">@{r.username}</span>}
          </>
        }
        footer={
          r && (
            <>
              <button className="btn" onClick={() => nav.go({ page: "orders", search: String(r.customer_id) })}>
                Customer's orders
              </button>
              <span className="grow" />
              {due > 0 ? (
                <button className="btn primary" onClick={() => setPaying(true)} data-test="referrer-pay-out">
                  <HandCoins size={15} /> Pay out {num(due)} Stars…
                </button>
              ) : (
                <span className="muted small">Nothing due to pay out</span>
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
                <div className="section-title">Figures</div>
                <div className="kv">
                  <div className="k">Brought</div>
                  <div className="v">
                    {plural(r.invited, "person", "people")}, {num(r.buyers)} bought something
                  </div>
                  <div className="k">They paid</div>
                  <div className="v">
                    <Stars n={r.revenue} /> <span className="muted small">refunds left out</span>
                  </div>
                  <div className="k">Commission earned</div>
                  <div className="v">
                    <Commission m={r.earned} /> <Exactly m={r.earned} />
                  </div>
                  <div className="k">On hold</div>
                  <div className="v">
                    <Commission m={r.pending} /> <Exactly m={r.pending} />
                  </div>
                  <div className="k">Available</div>
                  <div className="v" data-test="referrer-available">
                    <Commission m={r.available} /> <Exactly m={r.available} />
                    {r.available < 0 && <div className="small muted">Below zero: a commission already paid out was refunded.</div>}
                  </div>
                  <div className="k">Paid out</div>
                  <div className="v">
                    <Stars n={r.paid} />
                  </div>
                  <div className="k">Store credit left</div>
                  <div className="v">
                    <Stars n={r.credit} /> <span className="muted small">taken off their next purchases</span>
                  </div>
                </div>
              </section>
              <section>
                <div className="section-title">Their referral link</div>
                <ReferralLink customerId={customerId} />
                <div className="help small muted" style={{ marginTop: 6 }}>
                  They find it themselves by sending /referrals to the bot.
                </div>
              </section>
              <section>
                <div className="section-title">People they brought</div>
                {d.invited.length === 0 ? (
                  <div className="muted">Nobody yet.</div>
                ) : (
                  <div className="list bordered" data-test="referrer-invited">
                    {d.invited.map((i) => (
                      <div className="list-item" key={i.customer_id}>
                        <Avatar id={i.customer_id} name={i.name} />
                        <div className="grow" style={{ minWidth: 0 }}>
                          <div className="ellipsis" style={{ fontWeight: 560 }}>
                            {i.name}
                          </div>
                          <div className="muted small">since {date(i.since)}</div>
                        </div>
                        <div style={{ textAlign: "right" }}>
                          <Stars n={i.stars} />
                          <div className="muted small">{plural(i.orders, "order")}</div>
                        </div>
                      </div>
                    ))}
                  </div>
                )}
              </section>
              <section>
                <div className="section-title">Ledger</div>
                {d.ledger.length === 0 ? (
                  <div className="muted">No commission yet: it comes with the first payment of someone they brought.</div>
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
