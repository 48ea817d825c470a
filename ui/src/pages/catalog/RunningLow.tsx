// Overview's "Running low": products on sale at or below their low-stock mark.

import { PackageMinus } from "lucide-react";
import { useTranslation } from "react-i18next";
import { useNav } from "../../nav";
import { num } from "../../lib/format";
import { useProducts } from "../../queries";
import { lowProducts } from "./stock";

export function RunningLowCard() {
  const { t } = useTranslation("catalog");
  const products = useProducts(false);
  const nav = useNav();
  const low = lowProducts(products.data ?? []);
  if (low.length === 0) return null;
  return (
    <div className="card" data-test="running-low">
      <div className="card-head">
        <h2 className="row">
          <PackageMinus size={16} color="var(--amber)" /> {t("runningLow.title")}
        </h2>
        <button className="btn sm ghost" onClick={() => nav.go("catalog")}>
          {t("runningLow.catalog")}
        </button>
      </div>
      <div className="list" aria-label={t("runningLow.list")}>
        {low.map((p) => (
          <div key={p.id} className="list-item clickable" onClick={() => nav.go("catalog")}>
            <div className="grow ellipsis" style={{ fontWeight: 560 }}>
              {p.title}
            </div>
            <span className={`badge ${p.stock_left === 0 ? "red" : "amber"}`} data-test="running-low-left">
              {p.stock_left === 0 ? t("stock.soldOut") : t("stock.left", { count: p.stock_left ?? 0 })}
            </span>
            <span className="muted small">{t("runningLow.warnsAt", { n: num(p.low_stock) })}</span>
          </div>
        ))}
      </div>
    </div>
  );
}
