// A date filter that looks empty when it is: WebKit draws an empty date input with today's date
// in it, which reads as a filter in use. Until a day is chosen (or the field is being edited) the
// input's own text is hidden and the placeholder shows instead.

import { useState } from "react";

export function DateField({
  label,
  placeholder,
  value,
  min,
  max,
  invalid,
  onChange,
}: {
  label: string;
  placeholder: string;
  value: string;
  min?: string;
  max?: string;
  invalid?: boolean;
  onChange: (day: string) => void;
}) {
  const [editing, setEditing] = useState(false);
  const empty = value === "" && !editing;
  return (
    <span className={`date-field${empty ? " is-empty" : ""}`}>
      <input
        className="input"
        type="date"
        aria-label={label}
        aria-invalid={invalid || undefined}
        value={value}
        min={min}
        max={max}
        onFocus={() => setEditing(true)}
        onBlur={() => setEditing(false)}
        onChange={(e) => onChange(e.target.value)}
      />
      {empty && (
        <span className="date-placeholder" aria-hidden>
          {placeholder}
        </span>
      )}
    </span>
  );
}
