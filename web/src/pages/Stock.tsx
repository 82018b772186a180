import { useState } from 'react';
import { RequestList } from '../components/RequestList';
import { StockTable } from '../components/StockTable';
import { StorePicker, useStores } from '../components/StorePicker';
import { Loading } from '../components/Feedback';
import { navigate, useLocation, withParams } from '../lib/router';
import { canAdjustStock, useViewer } from '../lib/session';

/** A store's stock: staff see their own store, head office picks one (`?store=<id>`, `&low=1` opens its low-stock list). */
export function Stock() {
  const viewer = useViewer();
  const { params } = useLocation();
  const stores = useStores();
  const storeId = params.get('store') ?? viewer.store?.id ?? stores.data?.stores[0]?.id;
  const [requests, setRequests] = useState(0);
  if (!storeId) return <Loading />;
  const name = stores.data?.stores.find((s) => s.id === storeId)?.name ?? viewer.store?.name ?? '';
  const staffOfStore = viewer.store?.id === storeId;
  return (
    <section className="stack">
      <div>
        <h1>Stock{name ? ` · ${name}` : ''}</h1>
        {viewer.role === 'HQ_ADMIN' && (
          <div className="toolbar">
            <StorePicker value={storeId} onChange={(id) => navigate(withParams({ store: id }))} />
          </div>
        )}
        <StockTable
          key={storeId}
          locationId={storeId}
          initialLowStockOnly={params.get('low') === '1'}
          canRequest={staffOfStore || viewer.role === 'HQ_ADMIN'}
          canAdjust={canAdjustStock(viewer, storeId)}
          onRequested={() => setRequests((n) => n + 1)}
        />
      </div>
      {(staffOfStore || viewer.role === 'HQ_ADMIN') && <RequestList storeId={storeId} version={requests} />}
    </section>
  );
}
