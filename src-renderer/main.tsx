import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { connect } from './store/connect';
import { createLabApi } from './store/lab-api';
import { connectStore } from './store/lab-store';
import './styles.css';

const connection = connect();
void connectStore(createLabApi(connection.bridge), connection.onStatus);

const container = document.getElementById('root');
if (container === null) throw new Error('index.html has no #root element');
createRoot(container).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
