/** What is loading, said to screen readers and shown beside the mark. */
export interface SpinnerProps {
  label: string;
}

/** A quiet progress indicator with its label for screen readers and sighted users alike. */
export function Spinner({ label }: SpinnerProps) {
  return (
    <div class="spinner" role="status" aria-live="polite">
      <span class="spinner-mark" aria-hidden="true" />
      <span>{label}</span>
    </div>
  );
}
