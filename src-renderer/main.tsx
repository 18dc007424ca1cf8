// First, before any library can make a <style> element: stamps this page's CSP nonce on them.
import './csp-nonce';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { connect } from './store/connect';
import { createLabApi } from './store/lab-api';
import { connectStore, getLabState } from './store/lab-store';
import './styles.css';

const connection = connect();
connectStore(createLabApi(connection.bridge), connection.onStatus).catch((error: unknown) => {
  // A refused token or a lost host fails the first getState: the header
  // already says what happened and what to do. Anything else is a real fault.
  if (getLabState().connection === 'open') {
    console.error('ShmLab could not load the Lab state:', error);
  }
});

const container = document.getElementById('root');
if (container === null) throw new Error('index.html has no #root element');
createRoot(container).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
