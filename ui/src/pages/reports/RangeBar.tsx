// The range the reports cover (a preset or two days) and how its days are grouped.

import { AlertTriangle } from "lucide-react";
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
  return (
    <div className="report-range">
      <div className="row wrap report-range-row">
        <Segmented label="Range" value={preset} options={PRESETS} onChange={onPreset} />
        {preset === "custom" && (
          <span className="row" data-test="custom-range">
            <DateField label="From" placeholder="From" value={custom.from} invalid={problem !== null} onChange={(from) => onCustom({ ...custom, from })} />
            <span className="muted">to</span>
            <DateField label="To" placeholder="To" value={custom.to} invalid={problem !== null} onChange={(to) => onCustom({ ...custom, to })} />
          </span>
        )}
        {group !== undefined && onGroup && (
          <span className="row report-group">
            <span className="muted small">By</span>
            <Segmented label="Group by" value={group} options={GROUPINGS} onChange={onGroup} />
          </span>
        )}
      </div>
      {problem !== null && preset === "custom" && (
        <div className="filter-problem" role="alert" data-test="range-problem">
          <AlertTriangle size={16} />
          <span>{problem}</span>
          {custom.to < custom.from && custom.to !== "" && (
            <button className="btn sm" onClick={() => onCustom({ from: custom.to, to: custom.from })}>
              Swap the dates
            </button>
          )}
        </div>
      )}
    </div>
  );
}
