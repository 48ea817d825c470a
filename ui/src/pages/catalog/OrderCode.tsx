// The order drawer's line with the code a code product's order delivered.

import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { orderCode } from "../../api/catalog";
import { CopyButton } from "../../components/ui";

/** Rows of the Payment section's key/value grid; nothing for an order without a code. */
export function OrderCodeRows({ orderId, refunded }: { orderId: number; refunded: boolean }) {
  const { t } = useTranslation("catalog");
  const q = useQuery({ queryKey: ["order", orderId, "code"], queryFn: () => orderCode(orderId) });
  const code = q.data;
  if (!code) return null;
  return (
    <>
      <div className="k">{t("orderCode.delivered")}</div>
      <div className="v row" data-test="order-code">
        <span className="mono ellipsis">{code}</span>
        <CopyButton text={code} label={t("orderCode.copy")} />
        {refunded && <span className="badge red">{t("codes.badge.revoked")}</span>}
      </div>
    </>
  );
}
