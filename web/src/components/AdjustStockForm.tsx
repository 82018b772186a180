import { useState, type FormEvent } from 'react';
import { graphql } from '../gql';
import { useMutation } from '../lib/hooks';
import { ErrorBanner } from './Feedback';
import styles from './StockTable.module.css';
import { SubmitOrCancel } from './SubmitOrCancel';

const AdjustStock = graphql(`
  mutation AdjustStock($storeId: ID!, $productId: ID!, $delta: Int!, $reason: String!) {
    adjustStock(storeId: $storeId, productId: $productId, delta: $delta, reason: $reason) { quantity product { id name } }
  }
`);

/** A stock row's form: correct one product's quantity, with the reason. */
export function AdjustStockForm({ storeId, productId, name, onDone, onCancel }: { storeId: string; productId: string; name: string; onDone: (message: string) => void; onCancel: () => void }) {
  const [delta, setDelta] = useState(0);
  const [reason, setReason] = useState('');
  const [adjust, state] = useMutation(AdjustStock);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const result = await adjust({ storeId, productId, delta, reason: reason.trim() });
    if (result) onDone(`Stock of ${result.adjustStock.product.name} is now ${result.adjustStock.quantity}.`);
  };
  return (
    <form className={styles.form} onSubmit={submit} aria-label={`Adjust stock of ${name}`}>
      <ErrorBanner error={state.error} nameOf={() => name} />
      <label>
        Change (+ or −)
        <input type="number" inputMode="numeric" value={delta} onChange={(e) => setDelta(Math.trunc(Number(e.target.value)))} />
      </label>
      <label className="grow">
        Reason
        <input value={reason} onChange={(e) => setReason(e.target.value)} placeholder="e.g. stock count, breakage" required />
      </label>
      <SubmitOrCancel label="Apply" busyLabel="Saving…" busy={state.loading} disabled={delta === 0} onCancel={onCancel} />
    </form>
  );
}
