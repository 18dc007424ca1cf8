import type { ReactNode } from 'react';
import { useLabStore } from '../store/lab-store';
import { useTheme } from '../hooks/useTheme';
import './AppHeader.css';

/** Title, where the Lab runs, the connection, and the theme switch. */
export function AppHeader(): ReactNode {
  const connection = useLabStore((s) => s.connection);
  const system = useLabStore((s) => s.system);
  const [theme, toggleTheme] = useTheme();
  return (
    <header className="app-header">
      <h1 className="app-header__title">ShmLab</h1>
      <p className="app-header__facts">
        {system === null
          ? 'Connecting to the Lab…'
          : `${system.host === 'web' ? 'Web mode' : 'Desktop'} · Linux ${system.kernelRelease} · page size ${system.pageSize} B · SHMLBA ${system.shmlba} B · uid ${system.uid}`}
      </p>
      <p className={`app-header__connection app-header__connection--${connection}`} role="status">
        {connection === 'open'
          ? 'connected'
          : connection === 'connecting'
            ? 'connecting…'
            : 'disconnected — restart the host and reload'}
      </p>
      <button
        type="button"
        className="secondary"
        onClick={toggleTheme}
        aria-pressed={theme === 'dark'}
      >
        Dark theme
      </button>
    </header>
  );
}
