import { useState, type FormEvent } from 'react';
import { ErrorBanner } from '../components/Feedback';
import { graphql } from '../gql';
import { useMutation } from '../lib/hooks';
import { navigate } from '../lib/router';
import { useSession } from '../lib/session';
import styles from './SignIn.module.css';

const Login = graphql(`
  mutation Login($email: String!, $password: String!) {
    login(email: $email, password: $password) {
      token
      viewer { id email name role store { id code name } }
    }
  }
`);

const Register = graphql(`
  mutation RegisterCustomer($input: RegisterCustomerInput!) {
    registerCustomer(input: $input) {
      token
      viewer { id email name role store { id code name } }
    }
  }
`);

/** Demo accounts of the seeded data (password = the word before @). */
const demoAccounts = [
  { email: 'clerk1@retail.test', label: 'Clerk, STORE-1' },
  { email: 'manager1@retail.test', label: 'Store manager, STORE-1' },
  { email: 'logistics@retail.test', label: 'Logistics' },
  { email: 'admin@retail.test', label: 'Head office' },
  { email: 'customer@retail.test', label: 'Customer' },
];

export function SignIn() {
  const { signIn, notice } = useSession();
  const [mode, setMode] = useState<'signin' | 'register'>('signin');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [name, setName] = useState('');
  const [login, loginState] = useMutation(Login);
  const [register, registerState] = useMutation(Register);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const payload =
      mode === 'signin'
        ? (await login({ email: email.trim(), password }))?.login
        : (await register({ input: { email: email.trim(), name: name.trim(), password } }))?.registerCustomer;
    if (!payload) return;
    signIn({ token: payload.token, viewer: payload.viewer });
    navigate('/', { replace: true });
  };

  const state = mode === 'signin' ? loginState : registerState;
  return (
    <div className={styles.page}>
      <form className={`card ${styles.form}`} onSubmit={submit} aria-labelledby="signin-title">
        <h1 id="signin-title">{mode === 'signin' ? 'Sign in' : 'Create a customer account'}</h1>
        {notice && <p className={styles.notice}>{notice}</p>}
        <ErrorBanner error={state.error} />
        {mode === 'register' && (
          <label>
            Name
            <input value={name} onChange={(e) => setName(e.target.value)} autoComplete="name" required />
          </label>
        )}
        <label>
          Email
          <input type="email" value={email} onChange={(e) => setEmail(e.target.value)} autoComplete="username" required />
        </label>
        <label>
          Password
          <input type="password" value={password} onChange={(e) => setPassword(e.target.value)} autoComplete={mode === 'signin' ? 'current-password' : 'new-password'} required />
        </label>
        <button type="submit" disabled={state.loading}>
          {state.loading ? 'Please wait…' : mode === 'signin' ? 'Sign in' : 'Create account'}
        </button>
        <button type="button" className="secondary" onClick={() => setMode(mode === 'signin' ? 'register' : 'signin')}>
          {mode === 'signin' ? 'New customer? Create an account' : 'I already have an account'}
        </button>
      </form>
      {mode === 'signin' && (
        <section className={`card ${styles.demo}`} aria-labelledby="demo-title">
          <h2 id="demo-title">Demo accounts</h2>
          <p className="muted">Password is the word before @.</p>
          <ul>
            {demoAccounts.map((account) => (
              <li key={account.email}>
                <button
                  type="button"
                  className="secondary small"
                  onClick={() => {
                    setEmail(account.email);
                    setPassword(account.email.split('@')[0]!);
                  }}
                >
                  {account.label}
                </button>
                <span className="muted">{account.email}</span>
              </li>
            ))}
          </ul>
        </section>
      )}
    </div>
  );
}
