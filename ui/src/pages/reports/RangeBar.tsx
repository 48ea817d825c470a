// The range the reports cover (a preset or two days) and how its days are grouped.

import { AlertTriangle } from "lucide-react";
import { useTranslation } from "react-i18next";
import type { Grouping } from "../../bindings/Grouping";
import { Segmented } from "../../components/ui";
import { DateField } from "../orders/DateField";
import { GROUPINGS, PRESETS, type Preset, type Range } from "./range";

export function RangeBar({
  preset,
  onPreset,
  custom,
  onCustom,
  problem,
  group,
  onGroup,
}: {
  preset: Preset;
  onPreset: (p: Preset) => void;
  custom: Range;
  onCustom: (r: Range) => void;
  /** Why the days chosen cannot be reported on. */
  problem: string | null;
  /** Absent where the report has no groups. */
  group?: Grouping;
  onGroup?: (g: Grouping) => void;
}) {
  const { t } = useTranslation("reports");
  const presets = PRESETS.map((value) => ({ value, label: t(`range.presets.${value}`) }));
  const groupings = GROUPINGS.map((value) => ({ value, label: t(`range.groupings.${value}`) }));
  return (
    <div className="report-range">
      <div className="row wrap report-range-row">
        <Segmented label={t("range.label")} value={preset} options={presets} onChange={onPreset} />
        {preset === "custom" && (
          <span className="row" data-test="custom-range">
            <DateField
              label={t("range.from")}
              placeholder={t("range.from")}
              value={custom.from}
              invalid={problem !== null}
              onChange={(from) => onCustom({ ...custom, from })}
            />
            <span className="muted">{t("range.between")}</span>
            <DateField label={t("range.to")} placeholder={t("range.to")} value={custom.to} invalid={problem !== null} onChange={(to) => onCustom({ ...custom, to })} />
          </span>
        )}
        {group !== undefined && onGroup && (
          <span className="row report-group">
            <span className="muted small">{t("range.by")}</span>
            <Segmented label={t("range.groupBy")} value={group} options={groupings} onChange={onGroup} />
          </span>
        )}
      </div>
      {problem !== null && preset === "custom" && (
        <div className="filter-problem" role="alert" data-test="range-problem">
          <AlertTriangle size={16} />
          <span>{problem}</span>
          {custom.to < custom.from && custom.to !== "" && (
            <button className="btn sm" onClick={() => onCustom({ from: custom.to, to: custom.from })}>
              {t("range.swap")}
            </button>
          )}
        </div>
      )}
    </div>
  );
}
