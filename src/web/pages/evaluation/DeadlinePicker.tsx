/** Date-and-time input of an evaluation deadline, read as Vietnam wall-clock time. */
import { DatePicker } from "antd";
import dayjs, { type Dayjs } from "dayjs";
import type { ReactNode } from "react";

/**
 * The picked wall-clock time as an ISO instant in Vietnam time ("2027-01-31T17:00:00+07:00"): a
 * secretariat working from a laptop set to another zone still means 17:00 in Vietnam.
 */
export function vietnamIso(value: Dayjs): string {
  return `${value.format("YYYY-MM-DDTHH:mm")}:00+07:00`;
}

/** DatePicker with time for a Form.Item (value and onChange come from the form); 17:00 by default. */
export function DeadlinePicker(props: {
  /** Set by Form.Item so that the label points at the input. */
  id?: string;
  value?: Dayjs | null;
  onChange?: (value: Dayjs | null) => void;
  testId: string;
}): ReactNode {
  return (
    <DatePicker
      id={props.id}
      data-testid={props.testId}
      value={props.value ?? null}
      onChange={(v) => props.onChange?.(v)}
      showTime={{ format: "HH:mm", defaultValue: dayjs("17:00", "HH:mm") }}
      format="HH:mm DD/MM/YYYY"
      style={{ width: "100%", maxWidth: 260 }}
    />
  );
}
