import { useEffect, type ReactNode } from 'react';
import { Layout } from './components/Layout';
import type { AppPath } from '../routes';
import type { Role } from './gql/graphql';
import { Link, navigate, useLocation } from './lib/router';
import { menu, SessionProvider, useSession } from './lib/session';
import { Alerts } from './pages/Alerts';
import { Catalog } from './pages/Catalog';
import { Dashboard } from './pages/Dashboard';
import { History } from './pages/History';
import { Home } from './pages/Home';
import { Replenishment } from './pages/Replenishment';
import { Reports } from './pages/Reports';
import { SaleDetail } from './pages/SaleDetail';
import { Shop } from './pages/Shop';
import { SignIn } from './pages/SignIn';
import { Stock } from './pages/Stock';
import { Till } from './pages/Till';
import { Warehouse } from './pages/Warehouse';

const rolesOf = (to: string): Role[] => menu.find((item) => item.to === to)?.roles ?? [];

const routes: Array<{ path: AppPath; roles: Role[] | 'all'; render: () => ReactNode }> = [
  { path: '/', roles: 'all', render: () => <Home /> },
  { path: '/till', roles: rolesOf('/till'), render: () => <Till /> },
  { path: '/sales', roles: rolesOf('/sales'), render: () => <History /> },
  { path: '/sale', roles: 'all', render: () => <SaleRoute /> },
  { path: '/stock', roles: rolesOf('/stock'), render: () => <Stock /> },
  { path: '/replenishment', roles: rolesOf('/replenishment'), render: () => <Replenishment /> },
  { path: '/warehouse', roles: rolesOf('/warehouse'), render: () => <Warehouse /> },
  { path: '/catalog', roles: rolesOf('/catalog'), render: () => <Catalog /> },
  { path: '/shop', roles: rolesOf('/shop'), render: () => <Shop /> },
  { path: '/dashboard', roles: rolesOf('/dashboard'), render: () => <Dashboard /> },
  { path: '/reports', roles: rolesOf('/reports'), render: () => <Reports /> },
  { path: '/alerts', roles: rolesOf('/alerts'), render: () => <Alerts /> },
];

function Redirect({ to }: { to: string }) {
  useEffect(() => navigate(to, { replace: true }), [to]);
  return null;
}

function SaleRoute() {
  const id = useLocation().params.get('id');
  return id ? <SaleDetail key={id} id={id} /> : <Redirect to="/" />;
}

function Routes() {
  const { viewer } = useSession();
  const { pathname, params } = useLocation();
  if (!viewer) {
    if (pathname !== '/signin') return <Redirect to={`/signin${pathname === '/' ? '' : `?next=${encodeURIComponent(pathname + window.location.search)}`}`} />;
    return <SignIn />;
  }
  if (pathname === '/signin') return <Redirect to={params.get('next') ?? '/'} />;
  for (const route of routes) {
    if (route.path !== pathname) continue;
    if (route.roles !== 'all' && !route.roles.includes(viewer.role)) {
      return (
        <div className="card" role="alert">
          <h1>Not available for your role</h1>
          <p>This page is for other roles. <Link to="/">Back to your menu</Link></p>
        </div>
      );
    }
    return <>{route.render()}</>;
  }
  return (
    <div className="card">
      <h1>Page not found</h1>
      <Link to="/">Back to your menu</Link>
    </div>
  );
}

export function App() {
  return (
    <SessionProvider>
      <Layout>
        <Routes />
      </Layout>
    </SessionProvider>
  );
}
