// Commission amounts, kept in thousandths of a Star: whole Stars on screen (rounded down, a
// negative balance shown as negative), the exact amount on hover.

import { Stars } from "../../components/ui";
import { exactStars, wholeStars } from "../../lib/referralRules";

export function Commission({ m, size }: { m: number; size?: number }) {
  return (
    <span className={m < 0 ? "negative" : undefined} title={exactStars(m)} data-millistars={m}>
      <Stars n={wholeStars(m)} size={size} />
    </span>
  );
}
