// Telegram's affiliate program beside the shop's own: the affiliates Telegram paid out of a
// period's sales (read from its ledger), and the shop's referrers with what they brought and
// earned.

import { useQuery } from "@tanstack/react-query";
import { Megaphone, Users } from "lucide-react";
import { useState } from "react";
import { affiliatesReport } from "../../api/affiliates";
import { errorMessage } from "../../api/invoke";
import { Avatar, EmptyState, ErrorState, Loading, Stars } from "../../components/ui";
import { localMidnight, num, plural } from "../../lib/format";
import { useReferrers } from "../../queries";
import { starsExact } from "../orders/Affiliate";
import { Commission } from "./Commission";

const PERIODS = [
  { days: 7, label: "Last 7 days" },
  { days: 30, label: "Last 30 days" },
  { days: 90, label: "Last 90 days" },
  { days: 365, label: "Last 12 months" },
];

export function AffiliatesPanel() {
  const [days, setDays] = useState(30);
  // Whole local days, today included.
  const to = localMidnight() + 86_400;
  const from = to - days * 86_400;
  const report = useQuery({ queryKey: ["affiliates", from, to], queryFn: () => affiliatesReport(from, to) });
  const referrers = useReferrers();
  const r = report.data;
  const own = (referrers.data ?? []).filter((x) => x.revenue > 0 || x.earned !== 0);

  return (
    <div className="stack">
      <div className="row">
        <p className="muted grow" style={{ margin: 0 }}>
          Two ways others bring you customers. Telegram's affiliate program pays channels and users from your sales itself
          (you set it up in @BotFather); your referral program is paid by you, as store credit or outside Stardesk.
        </p>
        <select className="select period-select" aria-label="Period" value={days} onChange={(e) => setDays(Number(e.target.value))} data-test="affiliates-period">
          {PERIODS.map((p) => (
            <option key={p.days} value={p.days}>
              {p.label}
            </option>
          ))}
        </select>
      </div>
      {report.isLoading ? (
        <Loading />
      ) : report.isError ? (
        <ErrorState message={errorMessage(report.error)} onRetry={() => report.refetch()} />
      ) : (
        r && (
          <div className="sub-figures card" data-test="affiliate-figures">
            <div className="sub-figure">
              <div className="label">Sales</div>
              <div className="value">
                <Stars n={r.gross} size={17} />
              </div>
              <div className="hint">{plural(r.orders, "order")}, refunds left out</div>
            </div>
            <div className="sub-figure">
              <div className="label">Brought by Telegram affiliates</div>
              <div className="value tabular">{num(r.affiliate_orders)}</div>
              <div className="hint">{r.orders > 0 ? `${Math.round((r.affiliate_orders / r.orders) * 100)}% of the orders` : "no orders"}</div>
            </div>
            <div className="sub-figure">
              <div className="label">Telegram's commissions</div>
              <div className="value" title={`${starsExact(r.commission, r.commission_nanostars)} Stars`}>
                <Stars n={r.commission} size={17} />
              </div>
              <div className="hint">paid to affiliates out of those orders</div>
            </div>
            <div className="sub-figure">
              <div className="label">Net after commissions</div>
              <div className="value" title={`${starsExact(r.net, r.net_nanostars)} Stars`}>
                <Stars n={r.net} size={17} />
              </div>
              <div className="hint">what reached your balance</div>
            </div>
          </div>
        )
      )}
      <div className="grid-even">
        <div className="card" data-test="telegram-affiliates">
          <div className="card-head">
            <div>
              <h2>Telegram affiliates</h2>
              <div className="muted small">{PERIODS.find((p) => p.days === days)?.label}: who brought what, and what Telegram paid them</div>
            </div>
          </div>
          {r && r.affiliates.length === 0 ? (
            <EmptyState icon={<Megaphone size={24} />} title="No affiliate sales in this period">
              When a channel or user in Telegram's affiliate program brings a buyer, Telegram keeps their commission from the payment;
              Stardesk reads it from the Stars ledger every few minutes.
            </EmptyState>
          ) : (
            <div className="list">
              {(r?.affiliates ?? []).map((a) => (
                <div className="list-item" key={`${a.kind}-${a.affiliate_id}`} data-test="affiliate-row">
                  <Avatar id={a.affiliate_id} name={a.name} />
                  <div className="grow" style={{ minWidth: 0 }}>
                    <div className="ellipsis" style={{ fontWeight: 560 }}>
                      {a.name}
                    </div>
                    <div className="muted small">
                      {a.kind === "chat" ? "Channel" : "User"} · {plural(a.orders, "order")} · <Stars n={a.gross} size={11} /> brought
                    </div>
                  </div>
                  <div style={{ textAlign: "right" }} title={`${starsExact(a.commission, a.commission_nanostars)} Stars`}>
                    <Stars n={a.commission} />
                    <div className="muted small">cost</div>
                  </div>
                </div>
              ))}
            </div>
          )}
        </div>
        <div className="card" data-test="own-referrers">
          <div className="card-head">
            <div>
              <h2>Your referrers</h2>
              <div className="muted small">All time: what the people they brought paid, and their commission</div>
            </div>
          </div>
          {referrers.isLoading ? (
            <Loading />
          ) : own.length === 0 ? (
            <EmptyState icon={<Users size={24} />} title="No referral sales yet">
              Customers share their link from /referrals in the bot; what the people they bring pay, and what it costs you, shows here.
            </EmptyState>
          ) : (
            <div className="list">
              {own.slice(0, 50).map((x) => (
                <div className="list-item" key={x.customer_id}>
                  <Avatar id={x.customer_id} name={x.name} />
                  <div className="grow" style={{ minWidth: 0 }}>
                    <div className="ellipsis" style={{ fontWeight: 560 }}>
                      {x.name}
                    </div>
                    <div className="muted small">
                      {plural(x.buyers, "buyer")} · <Stars n={x.revenue} size={11} /> brought
                    </div>
                  </div>
                  <div style={{ textAlign: "right" }}>
                    <Commission m={x.earned} />
                    <div className="muted small">cost</div>
                  </div>
                </div>
              ))}
            </div>
          )}
        </div>
      </div>
    </div>
  );
}
