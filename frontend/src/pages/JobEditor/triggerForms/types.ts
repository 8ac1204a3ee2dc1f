/** What every trigger form gets: its part of `trigger` and a setter naming the field changed (the
 * field makes one undo step of a burst of typing in it). */
export interface TriggerFormProps<T> {
  value: T;
  onChange: (next: T, field: string) => void;
}
