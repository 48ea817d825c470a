// The order drawer's lines on Telegram's affiliate program: who brought the customer, the
// commission Telegram took from the payment, and what the shop received after it.

import { useQuery } from "@tanstack/react-query";
import { orderAffiliate } from "../../api/affiliates";
import { locale } from "../../lib/format";

const NANOSTARS = 1_000_000_000;
const exact = () => new Intl.NumberFormat(locale(), { maximumFractionDigits: 9 });

/** Whole Stars and billionths of a Star as one number: 31 and 250,000,000 read "31.25". */
export function starsExact(whole: number, nanostars: number): string {
  return exact().format(whole + nanostars / NANOSTARS);
}

/** Telegram's rate per mille as a percentage: 125 reads "12.5". */
export function perMilleAsPercent(perMille: number): string {
  return exact().format(perMille / 10);
}

/**
 * Rows of the Payment section's key/value grid, for an order a Telegram affiliate brought;
 * nothing otherwise (Telegram reports the affiliate only on its ledger, read every few minutes).
 */
export function AffiliateRows({ orderId }: { orderId: number }) {
  const q = useQuery({ queryKey: ["order", orderId, "affiliate"], queryFn: () => orderAffiliate(orderId) });
  const a = q.data;
  if (!a) return null;
  const who = a.kind === "chat" ? "channel" : "user";
  return (
    <>
      <div className="k">Telegram affiliate</div>
      <div className="v" data-test="order-affiliate" title={`Telegram ${who} id ${a.affiliate_id}`}>
        {a.name} · {perMilleAsPercent(a.commission_per_mille)} % · −{starsExact(a.commission, a.commission_nanostars)} Stars
        {a.refunded && <span className="muted small"> · taken back with the refund</span>}
      </div>
      <div className="k">Net</div>
      <div className="v" data-test="order-net">
        {a.refunded ? (
          "Nothing: the order was refunded"
        ) : (
          <>
            {starsExact(a.net, a.net_nanostars)} Stars <span className="muted small">after Telegram's commission</span>
          </>
        )}
      </div>
    </>
  );
}
