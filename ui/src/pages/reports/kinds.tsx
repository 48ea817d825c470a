// What an item of the reports is (a product, a plan, a tip, something else), drawn the same way
// wherever one is listed: its name, icon, badge colour and colour in the charts.

import { CircleDashed, Heart, Package, Repeat } from "lucide-react";
import type { ReactNode } from "react";
import type { ItemKind } from "../../bindings/ItemKind";
import type { ChartColor } from "../../components/charts/ReportChart";

export const ITEM_KINDS: Record<ItemKind, { label: string; icon: ReactNode; badge: string; color: ChartColor }> = {
  product: { label: "Product", icon: <Package size={12} />, badge: "", color: "gold" },
  plan: { label: "Plan", icon: <Repeat size={12} />, badge: "accent", color: "accent" },
  tip: { label: "Tips", icon: <Heart size={12} />, badge: "amber", color: "green" },
  other: { label: "Other", icon: <CircleDashed size={12} />, badge: "", color: "blue" },
};

export function ItemKindBadge({ kind }: { kind: ItemKind }) {
  const k = ITEM_KINDS[kind];
  return (
    <span className={`badge ${k.badge}`.trim()} data-kind={kind}>
      {k.icon} {k.label}
    </span>
  );
}
