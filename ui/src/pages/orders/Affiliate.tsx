// The order drawer's lines on Telegram's affiliate program: who brought the customer, the
// commission Telegram took from the payment, and what the shop received after it.

import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
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
  const { t } = useTranslation("orders");
  const q = useQuery({ queryKey: ["order", orderId, "affiliate"], queryFn: () => orderAffiliate(orderId) });
  const a = q.data;
  if (!a) return null;
  const id = a.affiliate_id;
  return (
    <>
      <div className="k">{t("affiliate.label")}</div>
      <div className="v" data-test="order-affiliate" title={a.kind === "chat" ? t("affiliate.channelId", { id }) : t("affiliate.userId", { id })}>
        {a.name} ·{" "}
        {t("affiliate.commission", {
          percent: perMilleAsPercent(a.commission_per_mille),
          stars: starsExact(a.commission, a.commission_nanostars),
          count: a.commission + a.commission_nanostars / NANOSTARS,
        })}
        {a.refunded && <span className="muted small">{t("affiliate.takenBack")}</span>}
      </div>
      <div className="k">{t("affiliate.net")}</div>
      <div className="v" data-test="order-net">
        {a.refunded ? (
          t("affiliate.netRefunded")
        ) : (
          <>
            {t("affiliate.netStars", { stars: starsExact(a.net, a.net_nanostars), count: a.net + a.net_nanostars / NANOSTARS })}{" "}
            <span className="muted small">{t("affiliate.afterCommission")}</span>
          </>
        )}
      </div>
    </>
  );
}
