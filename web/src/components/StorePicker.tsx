import { graphql } from '../gql';
import { useQuery } from '../lib/hooks';

const Stores = graphql(`
  query Stores {
    stores { id code name }
  }
`);

/** Store choice for head office; store staff are bound to their own store. */
export function StorePicker({ value, onChange }: { value: string; onChange: (storeId: string) => void }) {
  const stores = useQuery(Stores, {});
  return (
    <label>
      Store
      <select value={value} onChange={(e) => onChange(e.target.value)} disabled={!stores.data}>
        {!stores.data && <option value={value}>Loading stores…</option>}
        {stores.data?.stores.map((s) => (
          <option key={s.id} value={s.id}>
            {s.code} · {s.name}
          </option>
        ))}
      </select>
    </label>
  );
}

export function useStores() {
  return useQuery(Stores, {});
}
