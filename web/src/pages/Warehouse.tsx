import { ErrorBanner, Loading } from '../components/Feedback';
import { StockTable } from '../components/StockTable';
import { graphql } from '../gql';
import { useQuery } from '../lib/hooks';
import { canAdjustStock, useViewer } from '../lib/session';

const WarehouseQuery = graphql(`
  query Warehouse {
    warehouse { id code name address }
  }
`);

export function Warehouse() {
  const viewer = useViewer();
  const query = useQuery(WarehouseQuery, {});
  const warehouse = query.data?.warehouse;
  return (
    <section>
      <h1>Warehouse stock{warehouse ? ` · ${warehouse.name}` : ''}</h1>
      <ErrorBanner error={query.error} />
      {!warehouse && query.loading && <Loading />}
      {warehouse && <StockTable locationId={warehouse.id} canRequest={false} canAdjust={canAdjustStock(viewer, warehouse.id)} />}
    </section>
  );
}
