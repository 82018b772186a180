/** A form's two buttons: submit (showing `busyLabel` while it runs) and cancel. */
export function SubmitOrCancel({ label, busyLabel, busy, disabled, onCancel }: { label: string; busyLabel: string; busy: boolean; disabled?: boolean; onCancel: () => void }) {
  return (
    <>
      <button type="submit" disabled={busy || disabled}>
        {busy ? busyLabel : label}
      </button>
      <button type="button" className="secondary" onClick={onCancel}>
        Cancel
      </button>
    </>
  );
}
