import { useEffect, useRef, useState } from 'react';
import { Empty, ErrorBanner, Loading } from '../components/Feedback';
import { Pager } from '../components/Pager';
import { ProductFilters } from '../components/ProductFilters';
import { StorePicker, useStores } from '../components/StorePicker';
import { graphql } from '../gql';
import { useMutation, useQuery } from '../lib/hooks';
import { newIdempotencyKey } from '../lib/ids';
import { money } from '../lib/money';
import { pageSize, useProductsAtStore } from '../lib/products';
import { navigate } from '../lib/router';
import styles from './Shop.module.css';

const CartFields = graphql(`
  query CartView($id: ID!) {
    cart(id: $id) { id status total store { id code name } items { quantity unitPrice lineTotal product { id sku name } } }
  }
`);

const CreateCart = graphql(`
  mutation CreateCart($storeId: ID!) {
    createCart(storeId: $storeId) { id }
  }
`);

const AddCartItem = graphql(`
  mutation AddCartItem($cartId: ID!, $productId: ID!, $quantity: Int!) {
    addCartItem(cartId: $cartId, productId: $productId, quantity: $quantity) { id }
  }
`);

const RemoveCartItem = graphql(`
  mutation RemoveCartItem($cartId: ID!, $productId: ID!) {
    removeCartItem(cartId: $cartId, productId: $productId) { id }
  }
`);

const Checkout = graphql(`
  mutation Checkout($cartId: ID!, $idempotencyKey: String!) {
    checkout(cartId: $cartId, idempotencyKey: $idempotencyKey) { id total }
  }
`);

const storeKey = 'retail.shop.store';
const cartKey = (storeId: string) => `retail.shop.cart.${storeId}`;

/** Customers: browse a store's products, fill a cart, check out. */
export function Shop() {
  const stores = useStores();
  const [storeId, setStoreIdState] = useState<string | null>(() => sessionStorage.getItem(storeKey));
  const effectiveStore = storeId ?? stores.data?.stores[0]?.id;
  const [cartId, setCartIdState] = useState<string | null>(null);
  const [cartVersion, setCartVersion] = useState(0);
  const products = useProductsAtStore(effectiveStore);
  const attemptKey = useRef<string | null>(null);
  const [createCart, createState] = useMutation(CreateCart);
  const [addItem, addState] = useMutation(AddCartItem);
  const [removeItem, removeState] = useMutation(RemoveCartItem);
  const [checkout, checkoutState, resetCheckout] = useMutation(Checkout);
  const [quantities, setQuantities] = useState<Record<string, number>>({});

  useEffect(() => setCartIdState(effectiveStore ? sessionStorage.getItem(cartKey(effectiveStore)) : null), [effectiveStore]);
  const cart = useQuery(CartFields, { id: cartId ?? '' }, { skip: !cartId });
  const { refetch } = cart;
  useEffect(() => {
    if (cartVersion > 0) refetch();
  }, [cartVersion, refetch]);

  const setStore = (id: string) => {
    sessionStorage.setItem(storeKey, id);
    setStoreIdState(id);
  };
  const setCartId = (id: string | null) => {
    if (!effectiveStore) return;
    if (id) sessionStorage.setItem(cartKey(effectiveStore), id);
    else sessionStorage.removeItem(cartKey(effectiveStore));
    setCartIdState(id);
  };
  const cartChanged = () => {
    attemptKey.current = null;
    resetCheckout();
    setCartVersion((v) => v + 1);
  };

  const openCart = cart.data?.cart?.status === 'OPEN' ? cart.data.cart : null;
  const add = async (productId: string, quantity: number) => {
    if (!effectiveStore) return;
    let id = openCart?.id ?? null;
    if (!id) {
      id = (await createCart({ storeId: effectiveStore }))?.createCart.id ?? null;
      if (!id) return;
      setCartId(id);
    }
    if (await addItem({ cartId: id, productId, quantity })) cartChanged();
  };
  const remove = async (productId: string) => {
    if (openCart && (await removeItem({ cartId: openCart.id, productId }))) cartChanged();
  };
  const submit = async () => {
    if (!openCart) return;
    attemptKey.current ??= newIdempotencyKey();
    const result = await checkout({ cartId: openCart.id, idempotencyKey: attemptKey.current });
    if (result) {
      attemptKey.current = null;
      setCartId(null);
      navigate(`/sale?id=${result.checkout.id}&ordered=1`);
    }
  };

  const data = products.query.data?.products;
  const busy = createState.loading || addState.loading || removeState.loading || checkoutState.loading;
  const nameOf = (id: string) => openCart?.items.find((i) => i.product.id === id)?.product.name;
  return (
    <div className={styles.shop}>
      <section aria-labelledby="shop-title">
        <h1 id="shop-title">Shop</h1>
        <div className="toolbar">{effectiveStore && <StorePicker value={effectiveStore} onChange={setStore} />}</div>
        <ProductFilters search={products.search} category={products.category} onSearch={products.setSearch} onCategory={products.setCategory} />
        <ErrorBanner error={products.query.error ?? createState.error ?? addState.error} />
        {products.query.loading && !data && <Loading label="Loading products…" />}
        {data && data.edges.length === 0 && <Empty>No product matches.</Empty>}
        <ul className={styles.grid} aria-busy={products.query.loading}>
          {data?.edges
            .filter(({ node }) => node.active)
            .map(({ node: p }) => {
              const inStock = p.stock?.quantity ?? 0;
              const quantity = quantities[p.id] ?? 1;
              return (
                <li key={p.id} className={`card ${styles.product}`} data-testid="shop-product">
                  <div className="muted">{p.category}</div>
                  <h2>{p.name}</h2>
                  {p.description && <p className={`muted ${styles.description}`}>{p.description}</p>}
                  <div className={styles.priceRow}>
                    <strong className={styles.price}>{money(p.price)}</strong>
                    {inStock === 0 ? <span className="badge out">out of stock</span> : inStock <= 5 ? <span className="badge low">only {inStock} left</span> : <span className="badge">in stock</span>}
                  </div>
                  <div className={styles.addRow}>
                    <input
                      type="number"
                      min={1}
                      inputMode="numeric"
                      value={quantity}
                      onChange={(e) => setQuantities((q) => ({ ...q, [p.id]: Math.max(1, Math.floor(Number(e.target.value)) || 1) }))}
                      aria-label={`Quantity of ${p.name}`}
                    />
                    <button type="button" onClick={() => add(p.id, quantity)} disabled={busy || inStock === 0} aria-label={`Add ${p.name} to cart`}>
                      Add to cart
                    </button>
                  </div>
                </li>
              );
            })}
        </ul>
        {data && <Pager page={products.page} pageSize={pageSize} totalCount={data.totalCount} hasNextPage={data.pageInfo.hasNextPage} onNext={products.next} onPrevious={products.previous} loading={products.query.loading} />}
      </section>

      <aside className={`card ${styles.cart}`} aria-labelledby="cart-title">
        <h2 id="cart-title">Your cart</h2>
        <ErrorBanner error={checkoutState.error ?? removeState.error ?? cart.error} nameOf={nameOf} />
        {cart.loading && !cart.data && <Loading label="Loading your cart…" />}
        {!openCart || openCart.items.length === 0 ? (
          <Empty>Your cart is empty.</Empty>
        ) : (
          <>
            <ul className={styles.items}>
              {openCart.items.map((item) => (
                <li key={item.product.id} data-testid="cart-item">
                  <div>
                    <div className={styles.itemName}>{item.product.name}</div>
                    <div className="muted">
                      {item.quantity} × {money(item.unitPrice)}
                    </div>
                  </div>
                  <strong>{money(item.lineTotal)}</strong>
                  <button type="button" className="danger small" onClick={() => remove(item.product.id)} disabled={busy} aria-label={`Remove ${item.product.name} from cart`}>
                    ✕
                  </button>
                </li>
              ))}
            </ul>
            <div className={styles.total}>
              <span>Total</span>
              <strong data-testid="cart-total">{money(openCart.total)}</strong>
            </div>
            <button type="button" className={styles.checkout} onClick={submit} disabled={busy}>
              {checkoutState.loading ? 'Placing your order…' : 'Check out'}
            </button>
          </>
        )}
      </aside>
    </div>
  );
}
