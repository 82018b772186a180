import { useState, type FormEvent } from 'react';
import { graphql } from '../gql';
import { useMutation } from '../lib/hooks';
import { ErrorBanner } from './Feedback';
import styles from './StockTable.module.css';
import { SubmitOrCancel } from './SubmitOrCancel';

const RequestReplenishment = graphql(`
  mutation RequestReplenishment($storeId: ID!, $productId: ID!, $quantity: Int!) {
    requestReplenishment(storeId: $storeId, productId: $productId, quantity: $quantity) { id quantity status product { name } }
  }
`);

/** A stock row's form: ask the warehouse for more of one product. */
export function RequestReplenishmentForm({ storeId, productId, name, onDone, onCancel }: { storeId: string; productId: string; name: string; onDone: (message: string) => void; onCancel: () => void }) {
  const [quantity, setQuantity] = useState(20);
  const [request, state] = useMutation(RequestReplenishment);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const result = await request({ storeId, productId, quantity });
    if (result) onDone(`Requested ${result.requestReplenishment.quantity} × ${result.requestReplenishment.product.name} from the warehouse (pending approval).`);
  };
  return (
    <form className={styles.form} onSubmit={submit} aria-label={`Request replenishment of ${name}`}>
      <ErrorBanner error={state.error} nameOf={() => name} />
      <label>
        Quantity to request
        <input type="number" min={1} inputMode="numeric" value={quantity} onChange={(e) => setQuantity(Math.floor(Number(e.target.value)))} />
      </label>
      <SubmitOrCancel label="Send request" busyLabel="Sending…" busy={state.loading} onCancel={onCancel} />
    </form>
  );
}
