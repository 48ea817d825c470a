// What an item of the reports is (a product, a plan, a tip, something else), drawn the same way
// wherever one is listed: its name, icon, badge colour and colour in the charts.

import i18next from "i18next";
import { CircleDashed, Heart, Package, Repeat } from "lucide-react";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import type { ItemKind } from "../../bindings/ItemKind";
import type { ChartColor } from "../../components/charts/ReportChart";

export const ITEM_KINDS: Record<ItemKind, { icon: ReactNode; badge: string; color: ChartColor }> = {
  product: { icon: <Package size={12} />, badge: "", color: "gold" },
  plan: { icon: <Repeat size={12} />, badge: "accent", color: "accent" },
  tip: { icon: <Heart size={12} />, badge: "amber", color: "green" },
  other: { icon: <CircleDashed size={12} />, badge: "", color: "blue" },
};

/** A kind's name in the window's language: "Product", "Plan", "Tips", "Other". */
export const itemKindLabel = (kind: ItemKind) => i18next.t(`reports:kinds.${kind}`);

export function ItemKindBadge({ kind }: { kind: ItemKind }) {
  const { t } = useTranslation("reports");
  const k = ITEM_KINDS[kind];
  return (
    <span className={`badge ${k.badge}`.trim()} data-kind={kind}>
      {k.icon} {t(`kinds.${kind}`)}
    </span>
  );
}
