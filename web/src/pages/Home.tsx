import { Link } from '../lib/router';
import { menuFor, roleLabels, useViewer } from '../lib/session';
import styles from './Home.module.css';

export function Home() {
  const viewer = useViewer();
  return (
    <section>
      <h1>Welcome, {viewer.name}</h1>
      <p className="muted">
        Signed in as {roleLabels[viewer.role]}
        {viewer.store ? ` of ${viewer.store.name} (${viewer.store.code})` : ''}. What you can do:
      </p>
      <ul className={styles.grid}>
        {menuFor(viewer.role).map((item) => (
          <li key={item.to}>
            <Link to={item.to} className={`card ${styles.tile}`}>
              <h2>{item.label}</h2>
              <p>{item.description}</p>
            </Link>
          </li>
        ))}
      </ul>
    </section>
  );
}
