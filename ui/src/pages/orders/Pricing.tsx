// The order drawer's lines on what lowered the price before Telegram charged it: the promo code
// (list price → price with the code) and the store credit a referrer's payout left them.

import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { orderPricing } from "../../api/promos";
import { StarText } from "../../components/StarText";
import { num } from "../../lib/format";

/** Rows of the Payment section's key/value grid; nothing for an order at its list price. */
export function PricingRows({ orderId, charged }: { orderId: number; charged: number }) {
  const { t } = useTranslation("orders");
  const q = useQuery({ queryKey: ["order", orderId, "pricing"], queryFn: () => orderPricing(orderId) });
  const p = q.data;
  if (!p) return null;
  return (
    <>
      {p.promo && (
        <>
          <div className="k">{t("pricing.discount")}</div>
          <div className="v" data-test="order-promo">
            <StarText
              text={t("pricing.promo", {
                code: p.promo.code,
                list: num(p.promo.list_price),
                price: num(p.promo.list_price - p.promo.discount),
              })}
            />
          </div>
        </>
      )}
      {p.credit_stars > 0 && (
        <>
          <div className="k">{t("pricing.credit")}</div>
          <div className="v" data-test="order-credit">
            <StarText text={t("pricing.creditUsed", { stars: num(p.credit_stars) })} />{" "}
            <span className="muted small">{charged === 0 ? t("pricing.coveredAll") : t("pricing.chargedRest")}</span>
          </div>
        </>
      )}
    </>
  );
}
